export { installKernel, type KernelLocation, kernelDirectory, uninstallKernel } from "./install-kernel";
export {
  isLakelabKernelSpec,
  KERNEL_DISPLAY_NAME,
  KERNEL_NAME,
  type KernelSpec,
  lakelabKernelSpec,
} from "./kernel-spec";
export {
  JUPYTER_DEBIAN_PACKAGES,
  JUPYTER_PYTHON_ENV,
  type Jupyter,
  locateJupyter,
  runJupyter,
} from "./locate-jupyter";
