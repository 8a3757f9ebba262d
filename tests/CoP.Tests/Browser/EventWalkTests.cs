using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;
using CoP.Tests.Events.Pages;
using Microsoft.Playwright;
using static CoP.Tests.Browser.BrowserWalks;

namespace CoP.Tests.Browser;

/// <summary>
/// An event walked in a real browser by two members from their profile links: the first takes the last place, the
/// second joins the waiting list, the first cancels from the page and the second is told by mail that the place is
/// theirs, then finds the online link on the page. Each page reached passes <see cref="Pages.CheckAsync"/>; what is
/// asserted is what the walk stored, what the members read and what the fake SendGrid received.
/// </summary>
public sealed class EventWalkTests(StorageFixture storage, BrowserFixture browser)
{
    [Fact]
    public async Task APlaceFreedFromThePageGoesToTheMemberWaitingWhoIsTold()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        await using var firstContext = await browser.NewContextAsync(host);
        await using var secondContext = await browser.NewContextAsync(host);
        var first = await firstContext.NewPageAsync();
        var second = await secondContext.NewPageAsync();
        var amina = await JoinAsync(host, first, "amina.events@example.org");
        var kofi = await JoinAsync(host, second, "kofi.events@example.org");
        var e = await OneSeatWorkshopAsync(host);

        // The first member opens the event from her profile link and takes the only place.
        await first.GotoAsync(EventLink(host, amina, e));
        Assert.DoesNotContain("token=", first.Url, StringComparison.Ordinal);
        await Pages.CheckAsync(first, "event-en");
        await first.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();
        await first.WaitForURLAsync(new System.Text.RegularExpressions.Regex("[?&]registered=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await first.Locator("p.notice[role=status]").WaitForAsync();
        Assert.True(await first.GetByRole(AriaRole.Link, new() { Name = "Join online" }).IsVisibleAsync());
        await Pages.CheckAsync(first, "event-registered-en");
        var registered = (await host.DeliverMailAsync(Ct)).Where(m => m.To == amina.Email && m.Categories.Contains(EventRegistrationMails.Registered)).ToList();
        AssertInvitation(Assert.Single(registered), e, amina.Email);

        // The second finds it in the list, in French, and joins the waiting list.
        await second.GotoAsync(EventLink(host, kofi, e).Replace("&lang=en", "&lang=fr", StringComparison.Ordinal));
        await second.GotoAsync(host.Url("api/events").ToString());
        await Pages.CheckAsync(second, "events-fr");
        await second.GetByRole(AriaRole.Link, new() { Name = "Atelier carbone des sols" }).ClickAsync();
        await second.WaitForURLAsync($"**/api/events/{e.EventId}", new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await second.GetByRole(AriaRole.Button, new() { Name = "Rejoindre la liste d’attente" }).ClickAsync();
        await second.WaitForURLAsync(new System.Text.RegularExpressions.Regex("[?&]waitlisted=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await second.Locator("p.notice[role=status]").WaitForAsync();
        Assert.Contains("Vous êtes numéro 1 sur la liste d’attente.", await second.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await second.GetByRole(AriaRole.Link, new() { Name = "Rejoindre en ligne" }).CountAsync());
        await Pages.CheckAsync(second, "event-waitlisted-fr");

        // The first cancels from the page; the place goes to the second, who is told.
        await first.GetByRole(AriaRole.Button, new() { Name = "Cancel my registration" }).ClickAsync();
        await first.WaitForURLAsync(new System.Text.RegularExpressions.Regex("[?&]cancelled=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await first.Locator("p.notice[role=status]").WaitForAsync();
        Assert.Equal(0, await first.GetByRole(AriaRole.Link, new() { Name = "Join online" }).CountAsync());
        await Pages.CheckAsync(first, "event-cancelled-en");
        var registrations = host.App.Get<EventRegistrationService>();
        Assert.IsType<AttendeeStatus.None>(await registrations.StatusAsync(e.EventId, amina.MemberId, Ct));
        Assert.IsType<AttendeeStatus.Registered>(await registrations.StatusAsync(e.EventId, kofi.MemberId, Ct));
        var promoted = (await host.DeliverMailAsync(Ct)).Where(m => m.Categories.Contains(EventRegistrationMails.Promoted)).ToList();
        Assert.Equal(kofi.Email, Assert.Single(promoted).To);
        AssertInvitation(promoted[0], e, kofi.Email);

        await second.GotoAsync(host.Url($"api/events/{e.EventId}").ToString());
        await second.Locator("main h1").WaitForAsync();
        Assert.Contains("Vous êtes inscrit·e à cet événement.", await second.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("https://meet.example.org/soil-carbon", await second.GetByRole(AriaRole.Link, new() { Name = "Rejoindre en ligne" }).GetAttributeAsync("href"));
        await Pages.CheckAsync(second, "event-promoted-fr");
    }

    // The mail carries the event's METHOD:REQUEST invitation, which a calendar app reads back: the event's time and link.
    private static void AssertInvitation(SentMail mail, Event e, string attendee)
    {
        var (fileName, type, content) = Assert.Single(mail.Attachments);
        Assert.EndsWith(".ics", fileName, StringComparison.Ordinal);
        Assert.StartsWith("text/calendar", type, StringComparison.Ordinal);
        var calendar = Ical.Net.Calendar.Load(content)!;
        Assert.Equal("REQUEST", calendar.Method);
        var invitation = Assert.Single(calendar.Events);
        Assert.Equal(e.StartsAt.UtcDateTime, invitation.DtStart!.AsUtc);
        Assert.Equal(new Uri($"mailto:{attendee}"), Assert.Single(invitation.Attendees).Value);
        Assert.Contains("https://meet.example.org/soil-carbon", invitation.Description, StringComparison.Ordinal);
    }

    // A hybrid workshop a fortnight ahead with one place and a waiting list, open for registration.
    private static async Task<Event> OneSeatWorkshopAsync(FunctionsTestHost host)
    {
        var starts = new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddDays(14).AddHours(13), TimeSpan.Zero);
        var e = EventPageFlows.Workshop(e => e with
        {
            StartsAt = starts,
            EndsAt = starts.AddHours(2),
            Capacity = 1,
            RegistrationOpensAt = DateTimeOffset.UtcNow.AddDays(-1),
            Agenda = [new AgendaItem(starts, starts.AddMinutes(45), "Why measure?", [new EventSpeaker("Amina Diallo", null)])],
        });
        await host.App.Get<EventStore>().AddAsync(e, Ct);
        return e;
    }

    // The event page opened from a member's profile link, as a newsletter's events section would link it.
    private static string EventLink(FunctionsTestHost host, MemberEntity member, Event e) =>
        host.Url($"api/events/{e.EventId}?token={host.App.Get<MemberTokenService>().Issue(member.MemberId, member.LinkGeneration, TokenPurpose.Profile)}&lang=en").ToString();
}
