// The webcam: getUserMedia into a <video>, frames pulled by the element (never queued), and a
// frames-per-second readout over the last second of processed frames.

export class Webcam {
  #stream = null;
  #times = [];

  constructor(video) {
    this.video = video;
    this.paused = false;
  }

  get running() {
    return this.#stream !== null;
  }

  // Throws a message a person can act on when there is no camera or permission is refused.
  async start() {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new TypeError('this browser gives no camera access here (it needs https or localhost)');
    }
    try {
      this.#stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
    } catch (error) {
      const reasons = {
        NotAllowedError: 'camera permission was refused',
        NotFoundError: 'no camera was found',
        NotReadableError: 'the camera is in use by another program',
      };
      throw new TypeError(reasons[error.name] ?? `the camera could not start (${error.message})`);
    }
    this.video.srcObject = this.#stream;
    await this.video.play();
    this.paused = false;
    this.#times = [];
  }

  stop() {
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = null;
    this.video.srcObject = null;
  }

  // Whether a new frame can be taken (running, not paused, the video has pixels).
  get ready() {
    return this.running && !this.paused && this.video.readyState >= 2 && this.video.videoWidth > 0;
  }

  // Call once per processed frame; returns frames per second over the last second.
  tick(now) {
    this.#times.push(now);
    while (this.#times.length > 1 && now - this.#times[0] > 1000) this.#times.shift();
    if (this.#times.length < 2) return 0;
    return ((this.#times.length - 1) * 1000) / (now - this.#times[0]);
  }
}
