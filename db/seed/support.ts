/**
 * Support: email, chat and phone channels; ~150 tickets over the year with conversations (customer first,
 * then an agent reply that sets first_response_at), a few urgent ones still open, feedback and FAQs.
 */
import { faqs, feedbackEntries, supportChannels, ticketMessages, tickets } from "../schema/support.js";
import { at, type Day, iso, monthKey, type NewRow, type SeedContext } from "./context.js";
import { addMonthly, type World } from "./world.js";

const WHOLESALE_TOPICS = [
  [
    "Delivery missed this morning",
    "Our Tuesday delivery didn't arrive and we're down to our last bag of espresso.",
  ],
  ["Question about invoice", "The last invoice shows 12 bags but we received 10. Can you check?"],
  ["Grinder making a loud noise", "The loaned grinder started making a grinding noise during service today."],
  ["Change standing order", "Can we switch two bags of Breakfast Blend to decaf from next week?"],
  [
    "Need extra bags for the weekend",
    "We have a catering event Saturday; can we add 6 bags to Friday's delivery?",
  ],
  [
    "Espresso tasting sour",
    "Shots have been running fast and sour since the new bags. Any advice on dialing in?",
  ],
] as const;
const GUEST_TOPICS = [
  ["Online order not received", "I ordered two bags from the web shop ten days ago and nothing has arrived."],
  ["Loyalty points missing", "My last three visits didn't add stars in the app."],
  [
    "Allergen question",
    "Do you use the same pitchers for almond and dairy milk? My son has a tree nut allergy.",
  ],
  ["Gift card balance", "How do I check the balance on a gift card I received?"],
  ["Wrong grind on retail bag", "I asked for whole bean but the bag was ground for espresso."],
  ["Refund request", "I was charged twice for my order this morning."],
] as const;
const REPLIES = [
  "Thanks for letting us know — sorry about this. I'm on it and will update you shortly.",
  "Sorry for the trouble! I've checked and here's what happened, plus what we'll do to fix it.",
  "Thanks for reaching out. Good question — here's the answer.",
];

export async function seedSupport(ctx: SeedContext, world: World): Promise<void> {
  const { rng, faker, today, start } = ctx;
  const channels = [
    { id: ctx.id("sch"), kind: "email" as const, name: "Support inbox", address: `hello@${ctx.slug}.demo` },
    {
      id: ctx.id("sch"),
      kind: "chat" as const,
      name: "Website chat",
      address: `https://${ctx.slug}.demo/chat`,
    },
    {
      id: ctx.id("sch"),
      kind: "phone" as const,
      name: "Café phone",
      address: faker.phone.number({ style: "national" }),
    },
  ];
  await ctx.insert(
    supportChannels,
    channels.map((c) => ({ ...c, createdAt: at(start - 300) })),
    "support channels",
  );

  const agents = [ctx.users.manager, ctx.users.staff, ctx.users.owner];
  const tRows: NewRow<typeof tickets>[] = [];
  const mRows: NewRow<typeof ticketMessages>[] = [];
  const count = 150;
  const history = today - start;
  for (let i = 0; i < count; i++) {
    const opened: Day = start + Math.floor((history * i) / count) + rng.int(0, 2);
    const openedAt = at(Math.min(opened, today), rng.int(7, 19), rng.int(0, 59));
    const wholesale = rng.chance(0.45);
    const customer = wholesale ? rng.pick(world.customers) : null;
    const contact = customer ? (world.contacts.find((c) => c.customerId === customer.id) ?? null) : null;
    const [subject, first] = wholesale ? rng.pick(WHOLESALE_TOPICS) : rng.pick(GUEST_TOPICS);
    const age = today - opened;
    const urgentOpen = i >= count - 5;
    let status: "open" | "pending" | "resolved" | "closed" = urgentOpen
      ? i % 2
        ? "open"
        : "pending"
      : age > 10
        ? rng.chance(0.7)
          ? "closed"
          : "resolved"
        : rng.pick(["open", "pending", "resolved"] as const);
    const priority = urgentOpen
      ? i % 2
        ? "urgent"
        : "high"
      : subject.startsWith("Delivery") || subject.startsWith("Allergen")
        ? "high"
        : rng.chance(0.15)
          ? "low"
          : "normal";
    const agent = rng.pick(agents);
    const name = contact ? contact.name : faker.person.fullName();
    const email = contact ? contact.email : faker.internet.email({ provider: "example.com" }).toLowerCase();
    const id = ctx.id("tkt");
    // Replies in business hours: typically 1–6 h, slower on busy weekends.
    const responseMin = Math.round(60 * (0.4 + rng.next() * rng.next() * 9));
    const firstResponse = new Date(openedAt.getTime() + responseMin * 60_000);
    const replied = !(urgentOpen && i % 2) && firstResponse.getTime() <= at(today, 23).getTime();
    let resolved =
      status === "resolved" || status === "closed"
        ? new Date(firstResponse.getTime() + rng.int(1, 72) * 3_600_000)
        : null;
    if (resolved && (!replied || resolved > ctx.now())) {
      // Not resolved yet after all: still waiting on us or on the customer.
      resolved = null;
      status = replied ? "pending" : "open";
    }
    const number = 1001 + i;
    world.tickets.push({ id, number, customerId: customer?.id ?? null, openedDay: opened, status, priority });
    if (customer)
      world.links.push({
        fromId: id,
        fromType: "ticket",
        toId: customer.id,
        toType: "customer",
        kind: "from",
      });
    tRows.push({
      id,
      number,
      subject,
      status,
      priority,
      channelId: rng.pick(channels).id,
      customerId: customer?.id ?? null,
      contactId: contact?.id ?? null,
      requesterName: name,
      requesterEmail: email,
      assigneeUserId: agent.id,
      openedAt,
      firstResponseAt: replied ? firstResponse : null,
      resolvedAt: resolved,
      createdAt: openedAt,
      updatedAt: resolved ?? (replied ? firstResponse : openedAt),
    });
    mRows.push({
      id: ctx.id("tkm"),
      ticketId: id,
      authorKind: "customer",
      authorName: name,
      body: first,
      sentAt: openedAt,
      createdAt: openedAt,
    });
    if (replied) {
      mRows.push({
        id: ctx.id("tkm"),
        ticketId: id,
        authorKind: "agent",
        authorName: agent.name,
        authorUserId: agent.id,
        body: rng.pick(REPLIES),
        sentAt: firstResponse,
        createdAt: firstResponse,
      });
      addMonthly(world, monthKey(opened), "first_response_minutes", responseMin);
      addMonthly(world, monthKey(opened), "tickets_replied", 1);
    }
    if (rng.chance(0.25)) {
      const t = new Date(openedAt.getTime() + 20 * 60_000);
      mRows.push({
        id: ctx.id("tkm"),
        ticketId: id,
        authorKind: "agent",
        authorName: agent.name,
        authorUserId: agent.id,
        body: "Internal: checked the delivery log / POS record; see order history.",
        isInternal: true,
        sentAt: t,
        createdAt: t,
      });
    }
    if (resolved) {
      mRows.push({
        id: ctx.id("tkm"),
        ticketId: id,
        authorKind: "customer",
        authorName: name,
        body: "Thanks, that sorted it.",
        sentAt: new Date(resolved.getTime() - 3_600_000),
        createdAt: resolved,
      });
    }
    addMonthly(world, monthKey(opened), "tickets", 1);
  }
  const open = world.tickets.filter(
    (t) => t.status === "open" && (t.priority === "urgent" || t.priority === "high"),
  );
  if (open[0]) world.named.set("ticket.urgent", open[open.length - 1]!.id);
  await ctx.insert(tickets, tRows, "tickets");
  await ctx.insert(ticketMessages, mRows, "ticket messages");

  // Feedback: surveys after visits and orders, public reviews, and a rating on some resolved tickets.
  const fRows: NewRow<typeof feedbackEntries>[] = [];
  const comments: Record<number, string[]> = {
    5: [
      "Best cortado in town.",
      "Friendly baristas and the Kenya is incredible.",
      "Our customers love the House Espresso.",
      "Fast delivery, always fresh.",
    ],
    4: [
      "Great coffee, a bit of a wait on Saturdays.",
      "Lovely space; wish there were more outlets.",
      "Good pastries, great espresso.",
    ],
    3: ["Coffee good, but the online order took a week.", "Fine, but the music was loud."],
    2: ["Delivery was late twice this month.", "Latte was lukewarm."],
    1: ["Charged twice and nobody called back."],
  };
  for (let i = 0; i < 130; i++) {
    const day = start + Math.floor(((today - start) * i) / 130);
    const dip = today - day < 45;
    const rating = rng.weighted([5, 4, 3, 2, 1], (r) =>
      r === 5 ? 56 : r === 4 ? 30 : r === 3 ? (dip ? 14 : 9) : r === 2 ? (dip ? 8 : 4) : 2,
    );
    const cust = rng.chance(0.3) ? rng.pick(world.customers) : null;
    const ticket = rng.chance(0.15)
      ? world.tickets[Math.min(world.tickets.length - 1, Math.floor((i * world.tickets.length) / 130))]!
      : null;
    fRows.push({
      id: ctx.id("fbk"),
      customerId: cust?.id ?? null,
      ticketId: ticket?.id ?? null,
      channel: ticket ? "ticket" : rng.pick(["survey", "review", "review", "social"] as const),
      rating,
      comment: rng.chance(0.8) ? rng.pick(comments[rating]!) : null,
      authorName: cust ? cust.name : faker.person.firstName(),
      url: null,
      receivedOn: iso(day),
      createdAt: at(day, 20),
    });
    addMonthly(world, monthKey(day), "rating_sum", rating);
    addMonthly(world, monthKey(day), "rating_count", 1);
  }
  await ctx.insert(feedbackEntries, fRows, "feedback");

  const qa: [string, string, string][] = [
    [
      "What are your café hours?",
      "Monday–Friday 6:30–18:00, Saturday–Sunday 7:30–17:00. Closed December 25.",
      "café",
    ],
    [
      "Do you have non-dairy milks?",
      "Yes: oat, almond and soy at no extra charge. Plant milks use separate, colour-coded pitchers.",
      "café",
    ],
    [
      "Which allergens do you handle?",
      "Milk, soy, tree nuts (almond), wheat and eggs. Ask the barista for the pastry allergen list.",
      "café",
    ],
    [
      "How fresh are your beans?",
      "We roast Monday and Thursday; retail bags are sold within 3 weeks of roasting.",
      "coffee",
    ],
    [
      "Can I get my beans ground?",
      "Yes — tell us your brew method and we'll grind to suit it, or buy whole bean.",
      "coffee",
    ],
    [
      "Do you ship?",
      "We ship within the US from the web shop; orders leave the roastery within 2 business days.",
      "online shop",
    ],
    [
      "How does the loyalty app work?",
      "Earn a star per drink; the 10th drink is free. Stars expire after 12 months.",
      "loyalty",
    ],
    [
      "How do I become a wholesale customer?",
      "Email wholesale@ our domain or book a cupping at the roastery. Minimum 10 lb a week.",
      "wholesale",
    ],
    [
      "Do you lend espresso equipment?",
      "For wholesale accounts buying 40 lb a week or more we lend a machine and grinders and service them quarterly.",
      "wholesale",
    ],
    ["What are wholesale payment terms?", "Net 15 or net 30 by ACH; grocery accounts net 45.", "wholesale"],
    [
      "Can you cater events?",
      "Yes: a staffed espresso bar for 50–300 guests. Ask for a quote at least three weeks ahead.",
      "events",
    ],
    [
      "Do you sell gift cards?",
      "Yes, in the café and online. Check a balance in the app or at the till.",
      "café",
    ],
  ];
  await ctx.insert(
    faqs,
    qa.map(([question, answer, category], i) => ({
      id: ctx.id("faq"),
      question,
      answer,
      category,
      position: i,
      isPublished: i !== 9,
      createdAt: at(start - 100 + i),
    })),
    "faqs",
  );
}
