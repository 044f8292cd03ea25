import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Contact, TrackedJob } from "../../../lib/apiTypes";
import { makeContact, makeEvent, makeJob } from "../../../test/factories";
import { createFakeServer } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import { EventDialog } from "./EventDialog";
import { JobView } from "./JobView";

/** The job view, once its People section is drawn. */
async function show(job: TrackedJob, contacts: Contact[]) {
  const server = createFakeServer({ jobs: [job], contacts });
  const view = renderWithApp(<JobView jobId={job.id} backHref="/" onDeleted={() => {}} />, {
    server,
    path: `/jobs/${job.id}`,
  });
  await screen.findByRole("region", { name: "People" });
  return { ...view, server };
}

const people = () => within(screen.getByRole("region", { name: "People" }));
const ref = (c: Contact) => ({ id: c.id, name: c.name, role: c.role });

describe("People on the job view", { timeout: 20_000 }, () => {
  it("shows the attached people in order, with role and links", async () => {
    const ada = makeContact({ name: "Ada", role: "recruiter", email: "ada@example.com" });
    const bob = makeContact({ name: "Bob", role: "interviewer", phone: "+1 555 0100" });
    await show(makeJob({ contacts: [ref(bob), ref(ada)] }), [ada, bob]);
    const names = () => [...document.querySelectorAll(".person strong")].map((n) => n.textContent);
    expect(names()).toEqual(["Bob", "Ada"]);
    expect(people().getByText("Recruiter")).toBeInTheDocument();
    expect(await people().findByRole("link", { name: /ada@example.com/ })).toHaveAttribute(
      "href",
      "mailto:ada@example.com",
    );
    expect(people().getByRole("link", { name: /555/ })).toHaveAttribute("href", "tel:+15550100");
  });

  it("attaches an existing contact from the picker with the keyboard only", async () => {
    const ada = makeContact({ name: "Ada", role: "recruiter" });
    const bob = makeContact({ name: "Bob", email: "bob@globex.example" });
    const job = makeJob({ contacts: [ref(ada)] });
    const { user, server } = await show(job, [ada, bob]);
    await user.click(await people().findByRole("button", { name: "Add a person" }));
    const input = await people().findByRole("combobox", { name: "Find a contact" });
    await waitFor(() => expect(input).toHaveFocus());
    // Ada is on the job already: only Bob is offered, then "Create …".
    await user.keyboard("globex");
    const options = people().getAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual([
      "BobOtherbob@globex.example",
      "Create “globex”…",
    ]);
    expect(options[0]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowDown}{ArrowUp}{Enter}");
    await waitFor(() =>
      expect([...document.querySelectorAll(".person strong")].map((n) => n.textContent)).toEqual([
        "Ada",
        "Bob",
      ]),
    );
    expect(server.requestsTo("PUT", /\/contacts$/)[0]?.body).toEqual({
      contact_ids: [ada.id, bob.id],
    });
    expect(people().queryByRole("combobox")).toBeNull();
    expect(people().getByRole("button", { name: "Add a person" })).toHaveFocus();
  });

  it("creates a contact inline with the typed name and attaches it", async () => {
    const { user, server } = await show(makeJob(), []);
    await user.click(await people().findByRole("button", { name: "Add a person" }));
    await user.type(await people().findByRole("combobox"), "Grace Hopper{Enter}");
    expect(people().getByLabelText(/Name/)).toHaveValue("Grace Hopper");
    await user.type(people().getByLabelText("Email"), "grace@navy.example");
    await user.click(people().getByRole("button", { name: "Add to this job" }));
    await waitFor(() => expect(server.contacts().map((c) => c.name)).toEqual(["Grace Hopper"]));
    expect(await people().findByRole("link", { name: /grace@navy.example/ })).toBeInTheDocument();
    const [job] = server.jobs();
    expect(job?.contacts?.map((c) => c.name)).toEqual(["Grace Hopper"]);
  });

  it("Escape closes the picker and gives focus back", async () => {
    const { user } = await show(makeJob(), [makeContact()]);
    await user.click(await people().findByRole("button", { name: "Add a person" }));
    await people().findByRole("combobox");
    await user.keyboard("{Escape}");
    expect(people().queryByRole("combobox")).toBeNull();
    expect(people().getByRole("button", { name: "Add a person" })).toHaveFocus();
  });

  it("removes a person from the job", async () => {
    const ada = makeContact({ name: "Ada" });
    const bob = makeContact({ name: "Bob" });
    const { user, server } = await show(makeJob({ contacts: [ref(ada), ref(bob)] }), [ada, bob]);
    await user.click(await people().findByRole("button", { name: "Remove Ada from this job" }));
    await waitFor(() => expect(people().queryByText("Ada")).toBeNull());
    expect(server.requestsTo("PUT", /\/contacts$/)[0]?.body).toEqual({ contact_ids: [bob.id] });
  });

  it("a rejected job shows its people but offers no change", async () => {
    const ada = makeContact({ name: "Ada" });
    await show(
      makeJob({
        events: [makeEvent("applied"), makeEvent("rejected")],
        contacts: [ref(ada)],
      }),
      [ada],
    );
    expect(await people().findByText("Ada")).toBeInTheDocument();
    expect(people().queryByRole("button", { name: "Add a person" })).toBeNull();
    expect(people().queryByRole("button", { name: /Remove/ })).toBeNull();
  });
});

describe("person fields offer the user's contacts", () => {
  it("the referrer field suggests contacts, referrers first, and saves what is typed", async () => {
    const job = makeJob();
    const server = createFakeServer({
      jobs: [job],
      contacts: [
        makeContact({ name: "Ada", role: "recruiter" }),
        makeContact({ name: "Zoe", role: "referrer" }),
      ],
    });
    const { user } = renderWithApp(
      <EventDialog job={job} eventType="applied" event={null} onClose={() => {}} />,
      { server },
    );
    const dialog = within(screen.getByRole("dialog"));
    await user.selectOptions(dialog.getByLabelText("How you applied"), "referral");
    const referrer = dialog.getByLabelText("Referrer");
    await waitFor(() => expect(referrer).toHaveAttribute("list"));
    const list = document.getElementById(referrer.getAttribute("list")!)!;
    expect([...list.querySelectorAll("option")].map((o) => o.getAttribute("value"))).toEqual([
      "Zoe",
      "Ada",
    ]);
    await user.type(referrer, "Zoe");
    await user.click(dialog.getByRole("button", { name: "Record application" }));
    await waitFor(() => expect(server.requestsTo("POST", /\/events$/)).toHaveLength(1));
    expect(server.requestsTo("POST", /\/events$/)[0]?.body).toMatchObject({
      note: { type: "referral", referrer_name: "Zoe" },
    });
  });
});
