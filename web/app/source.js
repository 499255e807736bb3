// The image a frame starts from: a bundled sample or URL, a file (opened, dropped, pasted) or the
// webcam, drawn at the working size. A later load wins over an earlier one still decoding.

import { h } from './dom.js';
import { decodeImage, drawWorking, loadImageUrl, sampleUrl } from './image-input.js';
import { Webcam } from './webcam.js';

// A message as a sentence: ends with one full stop.
export const sentence = (text) => (/[.!?]$/.test(text) ? text : `${text}.`);

export class ImageSource {
  #source = null; // {image: ImageBitmap | HTMLVideoElement, width, height, name, live}
  #working = document.createElement('canvas');
  #load = 0; // the latest load's number
  #limits;
  #on;

  // limits: a promise of the engine's {maxImageSide, maxImagePixels};
  // on: {change(): a new image to draw, message(text): about the image ('' clears it),
  //      status(text): no image to show, webcam({running, paused}): the webcam's state}
  constructor(limits, on) {
    this.#limits = limits;
    this.#on = on;
    const video = h('video', { class: 'webcam-video', playsinline: true, 'aria-hidden': 'true' });
    video.muted = true;
    this.webcam = new Webcam(video);
  }

  get ready() {
    return this.#source !== null;
  }

  // A sample's name or an image URL (relative to the page).
  async load(image) {
    const url = sampleUrl(image) ?? new URL(image, document.baseURI).href;
    const load = ++this.#load;
    this.#on.status(`Loading ${image}…`);
    try {
      const bitmap = await loadImageUrl(url, await this.#limits);
      if (load === this.#load) this.#set(bitmap, image);
    } catch (error) {
      if (load !== this.#load) return;
      this.#on.message(error.message);
      if (!this.#source) this.#on.status(`No image: ${error.message}`);
    }
  }

  // A file; resolves true when it replaced the image (the webcam stops), false when it failed
  // (the message says why; the current image stays) or a later load came first.
  async loadBlob(blob, name) {
    const load = ++this.#load;
    try {
      const bitmap = await decodeImage(blob, name, await this.#limits);
      if (load !== this.#load) return false;
      this.stopWebcam();
      this.#set(bitmap, name);
      return true;
    } catch (error) {
      if (load !== this.#load) return false;
      this.#on.message(`${sentence(error.message)} The current image is kept.`);
      return false;
    }
  }

  #set(image, name, live = false) {
    if (this.#source?.image instanceof ImageBitmap) this.#source.image.close();
    this.#source = { image, width: image.width, height: image.height, name, live };
    if (!live) {
      this.#on.message('');
      this.#on.change();
    }
  }

  // The source drawn at the working size `work` (a new frame of the webcam):
  // {imageData, width, height, scaled, sourceWidth, sourceHeight, name, live}.
  draw(work) {
    const { image, live, name } = this.#source;
    const width = live ? image.videoWidth : this.#source.width;
    const height = live ? image.videoHeight : this.#source.height;
    const drawn = drawWorking(image, width, height, work, this.#working);
    return { ...drawn, sourceWidth: width, sourceHeight: height, name, live };
  }

  // Starts the webcam; `frame()` is called on every animation frame a new camera frame is ready.
  async startWebcam(frame) {
    try {
      await this.webcam.start();
    } catch (error) {
      this.#on.message(`Webcam: ${sentence(error.message)} The current image is kept.`);
      return;
    }
    this.#on.message('');
    this.#set(this.webcam.video, 'webcam', true);
    this.#showWebcam();
    const loop = () => {
      if (!this.webcam.running) return;
      if (this.webcam.ready) frame();
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }

  stopWebcam() {
    if (!this.webcam.running) return;
    this.webcam.stop();
    this.#showWebcam();
  }

  // Pausing freezes the current camera frame as the source, so control changes still re-render
  // that frame; resuming goes back to the live video.
  async togglePause() {
    const { webcam } = this;
    if (!webcam.running) return;
    webcam.paused = !webcam.paused;
    this.#showWebcam();
    if (!webcam.paused) {
      this.#set(webcam.video, 'webcam', true);
      return;
    }
    const frame = await createImageBitmap(webcam.video);
    if (webcam.paused && webcam.running) this.#set(frame, 'webcam (paused)');
    else frame.close();
  }

  #showWebcam() {
    this.#on.webcam({ running: this.webcam.running, paused: this.webcam.paused });
  }
}
