export { type Display, kernelDisplay } from "./display";
export { escapeHtml, formatCell, plainText } from "./format-cell";
export { type HtmlTableOptions, htmlTable } from "./html-table";
export { type ShowOptions, show } from "./show";
export { textTable } from "./text-table";
