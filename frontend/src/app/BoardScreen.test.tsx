import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { TrackedJob } from "../lib/apiTypes";
import { todayIso } from "../lib/format";
import { makeEvent, makeJob } from "../test/factories";
import { createFakeServer, manyJobs } from "../test/fakeServer";
import { renderWithApp } from "../test/render";
import { CARD_LIMIT } from "../features/board/components/BoardColumn";
import { BoardScreen } from "./BoardScreen";

const at = (company: string, ...types: Parameters<typeof makeEvent>[0][]) =>
  makeJob({ company, title: "Engineer", events: types.map((t) => makeEvent(t)) });

function seed() {
  return [
    at("Acme", "applied"),
    at("Globex", "applied"),
    at("Initech", "interview"),
    at("Umbrella", "offer"),
    at("Hooli", "applied", "rejected"),
    makeJob({ company: "Saved Co", title: "Designer" }),
  ];
}

const column = (name: RegExp) => screen.getByRole("region", { name });
const cardIn = (col: HTMLElement, company: string) =>
  within(col).queryByRole("link", { name: new RegExp(company) });

async function renderBoard(jobs: TrackedJob[] = seed()) {
  const server = createFakeServer({ jobs });
  const view = renderWithApp(<BoardScreen />, { server, path: "/board" });
  if (jobs.length) await screen.findAllByRole("link", { name: new RegExp(jobs[0]!.company) });
  return view;
}

// The job view's forms load lazily; load them once here so a test waits for the dialog, not
// for the module.
beforeAll(async () => {
  await import("../features/job-detail/components/EventDialog");
  await import("../features/job-detail/components/RejectDialog");
});

describe("the board, composed with the job view's forms", { timeout: 20_000 }, () => {
  it("shows one column per stage with its count, outcomes last", async () => {
    await renderBoard();
    const headings = screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual([
      "Saved 1 job",
      "Applied 2 jobs",
      "Screening 0 jobs",
      "Interview 1 job",
      "Reference 0 jobs",
      "Offer 1 job",
      "Accepted 0 jobs",
      "Declined 0 jobs",
      "Rejected 1 job",
      "Withdrawn 0 jobs",
    ]);
    expect(cardIn(column(/^Applied/), "Acme")).toHaveAttribute(
      "href",
      expect.stringMatching(/^\/jobs\/\d+$/),
    );
    expect(cardIn(column(/^Rejected/), "Hooli")).toBeInTheDocument();
    // The card wears its stage's colour.
    expect(cardIn(column(/^Offer/), "Umbrella")!.closest("li")).toHaveAttribute(
      "data-stage",
      "offer",
    );
  });

  it("shows a card's priority and tags, and filters by priority and tag like the jobs view", async () => {
    const jobs = [
      makeJob({ company: "Acme", title: "Engineer", priority: 3, tags: ["remote", "dream"] }),
      makeJob({ company: "Globex", title: "Engineer", priority: 1, tags: ["remote"] }),
      makeJob({ company: "Initech", title: "Engineer" }),
    ];
    const { user } = await renderBoard(jobs);
    const saved = column(/^Saved/);
    const acme = cardIn(saved, "Acme")!.closest("li")!;
    expect(acme).toHaveTextContent("High");
    expect(within(acme).getByText("dream")).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText("Priority"), "2");
    await waitFor(() => expect(cardIn(saved, "Globex")).toBeNull());
    expect(cardIn(saved, "Acme")).not.toBeNull();
    await user.selectOptions(screen.getByLabelText("Priority"), "0");
    await user.selectOptions(screen.getByLabelText("Add a tag filter"), "remote");
    await waitFor(() => expect(cardIn(saved, "Initech")).toBeNull());
    expect(cardIn(saved, "Globex")).not.toBeNull();
    await user.click(screen.getByRole("button", { name: "Stop filtering by tag remote" }));
    expect(await screen.findByRole("link", { name: /Initech/ })).toBeInTheDocument();
  });

  it("teaches the board and links to tracking a job when there are none", async () => {
    await renderBoard([]);
    expect(await screen.findByText(/each job you track as a card/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Track a job" })).toHaveAttribute("href", "/");
  });

  it("offers only later stages the rule allows in a card's Move to list", async () => {
    const { user } = await renderBoard();
    await user.click(screen.getByRole("button", { name: /^Move to…\s*Initech$/ }));
    const list = screen.getByRole("list", { name: "Move Initech to" });
    expect(
      within(list)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["Reference", "Offer", "Rejected", "Withdrawn"]);
    // Outcomes cannot move: no handle, no list.
    expect(screen.queryByRole("button", { name: /^Move to…\s*Hooli$/ })).toBeNull();
    expect(screen.queryByRole("button", { name: /Drag Hooli/ })).toBeNull();
  });

  it("closes a Move to list on Escape (focus back on its button), outside, or when another opens", async () => {
    const { user } = await renderBoard();
    const acme = screen.getByRole("button", { name: /^Move to…\s*Acme$/ });
    await user.click(acme);
    expect(screen.getByRole("list", { name: "Move Acme to" })).toBeVisible();
    // Focus is on the button, not in the list: Escape still closes it.
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("list", { name: "Move Acme to" })).toBeNull();
    expect(acme).toHaveFocus();
    expect(acme).toHaveAttribute("aria-expanded", "false");
    // One open at a time.
    await user.click(acme);
    await user.click(screen.getByRole("button", { name: /^Move to…\s*Globex$/ }));
    expect(screen.getByRole("list", { name: "Move Globex to" })).toBeVisible();
    expect(screen.queryByRole("list", { name: "Move Acme to" })).toBeNull();
    // A press outside closes it.
    await user.click(screen.getByRole("heading", { name: "Board" }));
    expect(screen.queryByRole("list", { name: "Move Globex to" })).toBeNull();
  });

  it("records a move from the Move to list, dated today, and moves the card when the server answers", async () => {
    const { user, server } = await renderBoard();
    await user.click(screen.getByRole("button", { name: /^Move to…\s*Acme$/ }));
    await user.click(
      within(screen.getByRole("list", { name: "Move Acme to" })).getByRole("button", {
        name: "Interview",
      }),
    );
    const dialog = await screen.findByRole("dialog", { name: "Record interview" });
    expect(dialog.querySelector<HTMLInputElement>('[name="event_date"]')!.value).toBe(todayIso());
    // Not moved before the server has recorded it.
    expect(cardIn(column(/^Applied/), "Acme")).not.toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Record interview" }));
    await waitFor(() => expect(cardIn(column(/^Interview/), "Acme")).not.toBeNull());
    expect(cardIn(column(/^Applied/), "Acme")).toBeNull();
    const posted = server.requestsTo("POST", /\/events$/);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toMatchObject({ event_type: "interview", event_date: todayIso() });
  });

  it("opens the rejection form for the Rejected column", async () => {
    const { user } = await renderBoard();
    await user.click(screen.getByRole("button", { name: /^Move to…\s*Globex$/ }));
    await user.click(
      within(screen.getByRole("list", { name: "Move Globex to" })).getByRole("button", {
        name: "Rejected",
      }),
    );
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent(/locked/);
  });

  it("shows the server's answer after a 409: the card goes where the server says", async () => {
    const jobs = seed();
    const { user, server } = await renderBoard(jobs);
    // Rejected in another tab: the board still shows Acme as applied.
    const acme = jobs[0]!;
    server.setJob({
      ...acme,
      stage: "rejected",
      events: [...acme.events, makeEvent("rejected")],
      updated_at: "2026-03-02T00:00:00Z",
    });
    await user.click(screen.getByRole("button", { name: /^Move to…\s*Acme$/ }));
    await user.click(
      within(screen.getByRole("list", { name: "Move Acme to" })).getByRole("button", {
        name: "Screening",
      }),
    );
    const dialog = await screen.findByRole("dialog", { name: "Record screening" });
    await user.click(within(dialog).getByRole("button", { name: "Record screening" }));
    expect(await within(dialog).findByText(/rejected/i)).toBeInTheDocument();
    await waitFor(() => expect(cardIn(column(/^Rejected/), "Acme")).not.toBeNull());
    expect(cardIn(column(/^Applied/), "Acme")).toBeNull();
  });

  it("draws a long column in parts, with the count of all of them", async () => {
    const { user } = await renderBoard(manyJobs(CARD_LIMIT + 5));
    const saved = column(/^Saved/);
    expect(within(saved).getByRole("heading")).toHaveTextContent(`Saved ${CARD_LIMIT + 5} jobs`);
    await waitFor(() => expect(within(saved).getAllByRole("link")).toHaveLength(CARD_LIMIT));
    await user.click(within(saved).getByRole("button", { name: "Show 5 more" }));
    expect(within(saved).getAllByRole("link")).toHaveLength(CARD_LIMIT + 5);
  });

  describe("keyboard drag", () => {
    // jsdom lays nothing out: give each column a place side by side, and each card its column's.
    beforeEach(() => {
      vi.spyOn(Element.prototype, "getBoundingClientRect").mockImplementation(function (
        this: Element,
      ) {
        // The card under the pointer (dnd-kit's overlay): where its style puts it.
        const fixed = this.closest<HTMLElement>(".overlay")?.parentElement;
        if (fixed?.style.position === "fixed") {
          const style = fixed.style;
          const [, x = "0", y = "0"] =
            /translate3d\(([-\d.]+)px, ([-\d.]+)px/.exec(style.transform) ?? [];
          const px = (v: string) => parseFloat(v) || 0;
          return new DOMRect(
            px(style.left) + px(x),
            px(style.top) + px(y),
            px(style.width),
            px(style.height),
          );
        }
        const col = this.closest<HTMLElement>(".board-column");
        const i = col ? [...document.querySelectorAll(".board-column")].indexOf(col) : -1;
        if (i < 0) return new DOMRect(0, 0, 0, 0);
        return this === col
          ? new DOMRect(i * 200, 0, 180, 600)
          : new DOMRect(i * 200 + 10, 60, 160, 60);
      });
    });
    afterEach(() => vi.restoreAllMocks());

    const press = async (code: string, key = code) => {
      const target = document.activeElement ?? document.body;
      await act(async () => {
        fireEvent.keyDown(target, { code, key });
        await new Promise((r) => setTimeout(r, 10));
      });
    };

    it("picks a card up with Space, skips columns it may not enter, and drops with Space", async () => {
      const { server } = await renderBoard();
      const handle = screen.getByRole("button", { name: "Drag Globex, Engineer" });
      handle.focus();
      await press("Space", " ");
      expect(
        await screen.findByText(
          /^Picked up Globex, Engineer\. Columns you can move it to: Screening, Interview, Reference, Offer, Rejected, Withdrawn\./,
        ),
      ).toBeInTheDocument();
      // During the drag, earlier columns are not allowed and say so (drawn just after the card
      // is picked up: a transition).
      await waitFor(() => expect(column(/^Saved/)).toHaveAttribute("data-drop", "blocked"));
      expect(within(column(/^Saved/)).getByText("Not allowed")).toBeInTheDocument();
      expect(column(/^Screening/)).toHaveAttribute("data-drop", "allowed");
      await press("ArrowRight");
      await press("ArrowRight");
      await waitFor(() => expect(column(/^Interview/)).toHaveAttribute("data-over"));
      await press("Space", " ");
      const dialog = await screen.findByRole("dialog", { name: "Record interview" });
      expect(dialog.querySelector<HTMLInputElement>('[name="event_date"]')!.value).toBe(todayIso());
      expect(server.requestsTo("POST", /\/events$/)).toHaveLength(0);
    });

    it("cancels with Escape and changes nothing", async () => {
      const { server } = await renderBoard();
      screen.getByRole("button", { name: "Drag Globex, Engineer" }).focus();
      await press("Space", " ");
      await press("ArrowRight");
      await press("Escape");
      expect(
        await screen.findByText("Move cancelled: Globex stays in Applied."),
      ).toBeInTheDocument();
      expect(screen.queryByRole("dialog")).toBeNull();
      expect(column(/^Saved/)).not.toHaveAttribute("data-drop");
      expect(server.requestsTo("POST", /\/events$/)).toHaveLength(0);
    });
  });
});
