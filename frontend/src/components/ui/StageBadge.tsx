import {
  Ban,
  BadgeDollarSign,
  Bookmark,
  CircleCheck,
  LogOut,
  CircleX,
  Phone,
  Send,
  UserCheck,
  Users,
  type LucideIcon,
} from "lucide-react";
import { STAGE_LABELS, STAGES, type StageValue } from "../../generated/trackingSchema.js";
import "./stageBadge.css";

/** One icon per stage, the same in the table, the board and the job view. */
export const STAGE_ICONS: Record<StageValue, LucideIcon> = {
  saved: Bookmark,
  applied: Send,
  screening: Phone,
  interview: Users,
  reference: UserCheck,
  offer: BadgeDollarSign,
  accepted: CircleCheck,
  declined: CircleX,
  rejected: Ban,
  withdrawn: LogOut,
};

export function StageIcon({ stage, size = 14 }: { stage: StageValue; size?: number }) {
  const Icon = STAGE_ICONS[stage] ?? Bookmark;
  return <Icon size={size} strokeWidth={2.25} aria-hidden="true" focusable="false" />;
}

/** The stage in words, with an icon and the stage's colour (tokens.css, data-stage) that only
 * repeat what the words say. */
export function StageBadge({ stage }: { stage: StageValue }) {
  const info = STAGES.find((s) => s.value === stage);
  return (
    <span className="stage-badge" data-stage={stage} data-kind={info?.kind ?? "progress"}>
      <StageIcon stage={stage} />
      {STAGE_LABELS[stage]}
    </span>
  );
}
