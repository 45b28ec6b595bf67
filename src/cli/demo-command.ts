import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens demo`.
const command: Command = {
  usage: "ratelens demo",
  run() {
    return Promise.reject(new UsageError("ratelens demo is not built yet"));
  },
};
export default command;
