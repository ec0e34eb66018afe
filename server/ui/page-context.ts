/**
 * What a page tells the right-hand panel about itself: which quick questions fit it, and data the page already
 * loaded (the dashboard's overview insights and waiting actions) so the panel does not query them twice.
 */
import type { Child } from "hono/jsx";
import type { ListedAction } from "../../tools/actions/index.js";

export type PageContext =
  | { kind: "dashboard" }
  | { kind: "list"; entities: string }
  | { kind: "record"; label: string; id: string };

/** An insight as the panel lists it: severity, a label and the record it links to. */
export interface PanelInsight {
  id: string;
  label: string;
  severity: string;
}

export interface PanelPrefetch {
  /** Already filtered to what the viewer's role may read, newest first. */
  insights?: PanelInsight[];
  /** The actions still proposed in this business, as listActions returns them for the viewer. */
  pending?: ListedAction[];
}

/** Renders the right-hand panel of one page for the viewer of the current request. */
export type PanelRenderer = (context: PageContext | undefined, prefetch: PanelPrefetch | undefined) => Child;

declare module "hono" {
  interface ContextVariableMap {
    /**
     * Set for every /b/<slug>/… request by insightsPanel(deps) in server/ui/insights.tsx, so page() can render the
     * panel without every page passing the UI's dependencies along; absent elsewhere, and then there is no panel.
     */
    panel: PanelRenderer;
  }
}
