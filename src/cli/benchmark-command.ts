import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens benchmark`.
const command: Command = {
  usage: "ratelens benchmark",
  run() {
    return Promise.reject(new UsageError("ratelens benchmark is not built yet"));
  },
};
export default command;
