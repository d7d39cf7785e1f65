/**
 * The lists completion offers, fetched once per page: materials (GET /api/materials) and step
 * templates (GET /api/steps). Completion still offers layer ids if the server cannot give them.
 */
import { useEffect, useState } from "react";
import { getJson } from "../api";
import { toStepTemplates, type CompletionData, type MaterialInfo } from "./completion";

export function useMaterials(): MaterialInfo[] {
  const [materials, setMaterials] = useState<MaterialInfo[]>([]);
  useEffect(() => {
    const abort = new AbortController();
    getJson<unknown>("/api/materials", abort.signal).then(
      (raw) =>
        setMaterials(
          Array.isArray(raw) ? (raw as MaterialInfo[]).filter((m) => typeof m?.name === "string") : [],
        ),
      () => {
        // no list: pickers become free text fields and completion offers no names
      },
    );
    return () => abort.abort();
  }, []);
  return materials;
}

export function useCompletionData(): CompletionData {
  const materials = useMaterials();
  const [steps, setSteps] = useState<CompletionData["steps"]>([]);
  useEffect(() => {
    const abort = new AbortController();
    getJson<unknown>("/api/steps", abort.signal).then(
      (raw) => setSteps(toStepTemplates(raw)),
      () => {
        // no templates: the checker's messages still show a valid example of each step
      },
    );
    return () => abort.abort();
  }, []);
  return { materials, steps };
}
