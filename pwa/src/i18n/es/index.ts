import common from "./common";
import errors from "./errors";
import type en from "../en";

const catalogue: typeof en = { common, errors };
export default catalogue;
