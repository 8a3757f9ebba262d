using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;
using CoP.Tests.Browser;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Events.Registrations.EventRegistrationTestFlows;

namespace CoP.Tests.Events.Registrations;

/// <summary>The registration mails as SendGrid receives them (the fake), delivered through the mail queue.</summary>
public sealed class EventRegistrationMailTests(StorageFixture storage)
{
    private const string OnlineUrl = "https://meet.example.org/biochar-field-day";

    [Fact]
    public async Task RegisteredWaitlistedAndPromotedMembersAreEachToldOnceAndOnlyPlaceHoldersGetTheOnlineLink()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, time: new FakeTimeProvider(Start), cancellationToken: Ct);
        var app = host.App;
        var eventId = await EventAsync(app, capacity: 1);
        var (_, firstToken) = await MemberAsync(app);
        var (secondId, secondToken) = await MemberAsync(app, language: "fr");
        var registrations = app.Get<EventRegistrationService>();
        await registrations.RegisterAsync(eventId, firstToken, Ct);
        await registrations.RegisterAsync(eventId, secondToken, Ct);

        var mails = await host.DeliverMailAsync(Ct);

        Assert.Equal(2, mails.Count);
        var registered = mails[0].Categories.Contains(EventRegistrationMails.Registered) ? mails[0] : mails[1];
        var waitlisted = Assert.Single(mails, m => m.Categories.Contains(EventRegistrationMails.Waitlisted));
        Assert.Contains("Biochar field day", registered.Subject, StringComparison.Ordinal);
        Assert.Contains(OnlineUrl, registered.Text, StringComparison.Ordinal);
        Assert.Contains($"href=\"{OnlineUrl}\"", registered.Html, StringComparison.Ordinal);
        Assert.Contains($"api/events/{eventId}", registered.Text, StringComparison.Ordinal);
        Assert.Contains("1 Rue de la Paix", registered.Text, StringComparison.Ordinal);
        Assert.Contains("Europe/Paris", registered.Text, StringComparison.Ordinal);
        Assert.Equal($"attendee-{secondId}@example.org", waitlisted.To);
        Assert.Contains("Journée biochar", waitlisted.Subject, StringComparison.Ordinal);
        Assert.Contains("numéro 1", waitlisted.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(OnlineUrl, waitlisted.Text + waitlisted.Html, StringComparison.Ordinal);

        await registrations.CancelAsync(eventId, firstToken, Ct);
        var promoted = (await host.DeliverMailAsync(Ct)).Skip(2).ToList();

        var mail = Assert.Single(promoted);
        Assert.Contains(EventRegistrationMails.Promoted, mail.Categories);
        Assert.Equal($"attendee-{secondId}@example.org", mail.To);
        Assert.Contains(OnlineUrl, mail.Text, StringComparison.Ordinal);
        Assert.Contains("place s’est libérée", mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemberErasedOrCancelledBeforeTheMailIsPreparedGetsNothing()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, time: new FakeTimeProvider(Start), cancellationToken: Ct);
        var app = host.App;
        var eventId = await EventAsync(app, capacity: 5);
        var (erasedId, erasedToken) = await MemberAsync(app);
        var (_, cancelledToken) = await MemberAsync(app);
        var registrations = app.Get<EventRegistrationService>();
        await registrations.RegisterAsync(eventId, erasedToken, Ct);
        await registrations.RegisterAsync(eventId, cancelledToken, Ct);
        await app.Get<MemberStore>().DeleteAsync(erasedId, Ct);
        await registrations.CancelAsync(eventId, cancelledToken, Ct);

        Assert.Empty(await host.DeliverMailAsync(Ct));
    }

    [Fact]
    public async Task QueuedMailHoldsIdsOnly()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app);
        var (memberId, token) = await MemberAsync(app);
        await app.Get<EventRegistrationService>().RegisterAsync(eventId, token, Ct);

        var queue = await app.Get<CoP.Shared.Email.Queue.QueuedMail>().GetClientAsync(Ct);
        var message = Assert.Single((await queue.PeekMessagesAsync(10, Ct)).Value).Body.ToString();

        Assert.Contains(memberId, message, StringComparison.Ordinal);
        Assert.Contains(eventId, message, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.org", message, StringComparison.Ordinal);
        Assert.DoesNotContain("meet.example.org", message, StringComparison.Ordinal);
    }
}
