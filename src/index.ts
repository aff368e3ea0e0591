export { isLakelabError, LakelabError, type LakelabErrorCode } from "./errors";
