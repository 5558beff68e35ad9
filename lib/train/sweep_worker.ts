/** Worker entry for {@link runSweep}: runs dense-model training jobs (see `worker_pool.ts`). @module */
import { runJob } from "./job.ts";
import { serveJobs } from "./worker_pool.ts";

serveJobs(runJob);
