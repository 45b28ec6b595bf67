import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens export`.
const command: Command = {
  usage: "ratelens export",
  run() {
    return Promise.reject(new UsageError("ratelens export is not built yet"));
  },
};
export default command;
