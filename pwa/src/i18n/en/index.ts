// The areas every feature shares; each feature's own area is in features/<name>/strings/.
import common from "./common";
import errors from "./errors";

const catalogue = { common, errors };
export default catalogue;
