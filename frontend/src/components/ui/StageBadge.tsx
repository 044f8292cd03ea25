import { STAGES, type StageKind, type StageValue } from "../../generated/trackingSchema.js";

const KIND_ICON: Record<StageKind, string> = {
  start: "☆",
  progress: "◐",
  final: "✓",
  rejected: "⊘",
};

/** The stage in words, with a symbol and a colour that only repeat what the words say. */
export function StageBadge({ stage }: { stage: StageValue }) {
  const info = STAGES.find((s) => s.value === stage);
  const kind = info?.kind ?? "progress";
  return (
    <span className="stage-badge" data-stage={stage} data-kind={kind}>
      <span aria-hidden="true">{KIND_ICON[kind]} </span>
      {info?.label ?? stage}
    </span>
  );
}
