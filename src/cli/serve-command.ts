import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens serve`.
const command: Command = {
  usage: "ratelens serve",
  run() {
    return Promise.reject(new UsageError("ratelens serve is not built yet"));
  },
};
export default command;
