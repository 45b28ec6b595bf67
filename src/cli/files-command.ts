import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens files`.
const command: Command = {
  usage: "ratelens files",
  run() {
    return Promise.reject(new UsageError("ratelens files is not built yet"));
  },
};
export default command;
