// Slide navigation: Previous/Next buttons and the arrow keys (not while typing in a control).
const slides = [...document.querySelectorAll('.slide')];
const position = document.getElementById('position');
let current = 0;

function show(index) {
  current = Math.max(0, Math.min(slides.length - 1, index));
  slides.forEach((slide, i) => {
    slide.hidden = i !== current;
  });
  position.textContent = `${current + 1} / ${slides.length}`;
}

document.getElementById('previous').addEventListener('click', () => show(current - 1));
document.getElementById('next').addEventListener('click', () => show(current + 1));
document.addEventListener('keydown', (event) => {
  if (
    event
      .composedPath()
      .some((node) => node instanceof HTMLElement && node.matches('input, select, textarea'))
  )
    return;
  if (event.key === 'ArrowRight' || event.key === 'PageDown') show(current + 1);
  if (event.key === 'ArrowLeft' || event.key === 'PageUp') show(current - 1);
});
show(0);
