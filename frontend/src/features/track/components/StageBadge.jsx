import { stageInfo, stageLabel } from "../model/stageModel.js";

const KIND_ICON = { start: "☆", progress: "◐", final: "✓", rejected: "⊘" };

/** The stage in words, with a symbol and a colour that only repeat what the words say. */
export function StageBadge({ stage }) {
  const kind = stageInfo(stage)?.kind ?? "progress";
  return (
    <span className="stage-badge" data-stage={stage} data-kind={kind}>
      <span aria-hidden="true">{KIND_ICON[kind]} </span>
      {stageLabel(stage)}
    </span>
  );
}
