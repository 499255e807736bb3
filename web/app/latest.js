// Runs a task when asked, latest wins: requests made in one task coalesce into one run, and a
// run started while another is in flight aborts that one (its signal fires).

export class LatestRun {
  #task;
  #abort = null;
  #scheduled = false;
  // Whether a run is in flight (the webcam takes no new frame until it ends).
  busy = false;

  // task(signal): async; should stop, without showing anything, once `signal` is aborted.
  constructor(task) {
    this.#task = task;
  }

  schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#start();
    });
  }

  abort() {
    this.#abort?.abort();
  }

  async #start() {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.busy = true;
    try {
      await this.#task(abort.signal);
    } finally {
      if (this.#abort === abort) this.busy = false;
    }
  }
}
