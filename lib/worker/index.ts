// Background jobs (graphile-worker): the task list, the schedule and the runner.
export { crontab, startWorker, taskList } from "./start-worker";
