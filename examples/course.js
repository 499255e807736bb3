// The course page's own script: changes an attribute of one <conv-scope>; only it re-renders.
const edges = document.getElementById('edges-demo');
document
  .getElementById('stride-one')
  .addEventListener('click', () => edges.setAttribute('stride', '1'));
document
  .getElementById('stride-two')
  .addEventListener('click', () => edges.setAttribute('stride', '2'));
