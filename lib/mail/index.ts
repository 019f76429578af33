export { mailer, type SendMail } from "./mailer";
