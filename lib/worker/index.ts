export { crontab, startWorker, taskList } from "./start-worker";
