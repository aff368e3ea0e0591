export { installKernel, type KernelLocation, kernelDirectory, uninstallKernel } from "./install-kernel";
export {
  isLakelabKernelSpec,
  KERNEL_DISPLAY_NAME,
  KERNEL_NAME,
  type KernelSpec,
  lakelabKernelSpec,
} from "./kernel-spec";
export { linkPackages, PACKAGE_ROOT } from "./link-packages";
export {
  JUPYTER_DEBIAN_PACKAGES,
  JUPYTER_PYTHON_ENV,
  type Jupyter,
  locateJupyter,
  runJupyter,
} from "./locate-jupyter";
export {
  type NotebookJson,
  type RunNotebookOptions,
  type RunNotebookResult,
  runNotebook,
} from "./run-notebook";
