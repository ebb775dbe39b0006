import { unstableSetRender } from "antd-mobile";
import { createRoot, type Root } from "react-dom/client";

/*
 * antd-mobile 5 renders Toast, Picker and ImageViewer pop-ups with React 18's render by default
 * and warns (a console error) under React 19; this is the adapter its React 19 guide gives.
 */
const roots = new WeakMap<Element | DocumentFragment, Root>();
unstableSetRender((node, container) => {
  const root = roots.get(container) ?? createRoot(container);
  roots.set(container, root);
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    roots.delete(container);
  };
});
