using System.Net;
using CoP.Shared.Console;
using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using CoP.Tests.Browser;
using CoP.Tests.Members;
using static CoP.Tests.Console.ConsoleClient;
using static CoP.Tests.Console.ConsoleEventFlows;

namespace CoP.Tests.Console;

/// <summary>
/// The event page's actions over real HTTP: cancelling behind its confirmation, the attendance and report, materials;
/// each audited with ids only, each refusal shown beside its field with nothing changed, and unknown events a 404.
/// </summary>
public sealed class ConsoleEventActionsTests(StorageFixture storage)
{
    [Fact]
    public async Task CancellingNeedsTheConfirmationAndASecondCancelOnlySaysSo()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var eventId = await CreateAsync(client, Form());

        using (var unconfirmed = await client.PostAsync($"/api/console/events/{eventId}/cancel", []))
        {
            var html = await unconfirmed.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
            Assert.Contains("id=\"confirm-error\"", html, StringComparison.Ordinal);
            Assert.Equal(EventStatus.Published, (await host.App.Get<EventStore>().GetAsync(eventId, Ct))!.Event.Status);
        }

        using (var cancelled = await client.PostAsync($"/api/console/events/{eventId}/cancel", new() { ["confirm"] = "cancel" }))
        {
            Assert.Equal(HttpStatusCode.SeeOther, cancelled.StatusCode);
            Assert.Equal($"/api/console/events/{eventId}?done=cancelled", cancelled.Headers.Location?.ToString());
        }

        using (var again = await client.PostAsync($"/api/console/events/{eventId}/cancel", new() { ["confirm"] = "cancel" }))
        {
            Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
            Assert.Equal($"/api/console/events/{eventId}?done=unchanged", again.Headers.Location?.ToString());
        }

        using var page = await client.GetAsync($"/api/console/events/{eventId}?done=cancelled");
        var shown = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("The event is cancelled.", shown, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"/api/console/events/{eventId}/cancel\"", shown, StringComparison.Ordinal);
        Assert.Equal(EventStatus.Cancelled, (await host.App.Get<EventStore>().GetAsync(eventId, Ct))!.Event.Status);
        var audit = await host.App.Get<OperatorAudit>().ListAllAsync(Ct).Where(e => e.Action == "event.cancel").ToListAsync(Ct);
        Assert.Equal([(eventId, "cancelled"), (eventId, "unchanged")], audit.Select(e => (e.Target, e.Detail)).Order().ToArray());
    }

    [Fact]
    public async Task TheAttendanceAndReportOfAnEventThatTookPlaceAreRecorded()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var past = await SeedAsync(host, "Spring workshop", EventStatus.Published, DateTimeOffset.UtcNow.AddDays(-2));
        var eventId = past.Event.EventId;
        using var client = await SignInAsync(host);

        using (var refused = await client.PostAsync($"/api/console/events/{eventId}/attendance", new() { ["attended"] = "a dozen", ["report"] = "Kept as typed." }))
        {
            var html = await refused.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("id=\"attended-error\"", html, StringComparison.Ordinal);
            Assert.Contains("Kept as typed.", html, StringComparison.Ordinal);
        }

        using (var recorded = await client.PostAsync($"/api/console/events/{eventId}/attendance", new() { ["attended"] = "12", ["report"] = "Three pilots agreed." }))
        {
            Assert.Equal(HttpStatusCode.SeeOther, recorded.StatusCode);
            Assert.Equal($"/api/console/events/{eventId}?done=attendance", recorded.Headers.Location?.ToString());
        }

        var e = (await host.App.Get<EventStore>().GetAsync(eventId, Ct))!.Event;
        Assert.Equal((12, "Three pilots agreed."), (e.Attended, e.Report));
        var audit = await host.App.Get<OperatorAudit>().ListAllAsync(Ct).Where(entry => entry.Action == "event.attendance").ToListAsync(Ct);
        Assert.Equal((eventId, "12"), (Assert.Single(audit).Target, audit[0].Detail));
    }

    [Fact]
    public async Task AMaterialIsAddedAndARefusedOneNamesItsField()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var past = await SeedAsync(host, "Spring workshop", EventStatus.Completed, DateTimeOffset.UtcNow.AddDays(-2));
        var eventId = past.Event.EventId;
        using var client = await SignInAsync(host);

        using (var refused = await client.PostAsync($"/api/console/events/{eventId}/materials", new() { ["kind"] = "slides", ["title"] = "Opening slides", ["link"] = "javascript:alert(1)" }))
        {
            var html = await refused.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("id=\"material-link-error\"", html, StringComparison.Ordinal);
            Assert.Contains("value=\"Opening slides\"", html, StringComparison.Ordinal);
            Assert.Empty((await host.App.Get<EventStore>().GetAsync(eventId, Ct))!.Event.Materials);
        }

        using (var added = await client.PostAsync($"/api/console/events/{eventId}/materials", new() { ["kind"] = "recording", ["title"] = "The recording", ["link"] = "https://video.example.org/spring" }))
        {
            Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
            Assert.Equal($"/api/console/events/{eventId}?done=material", added.Headers.Location?.ToString());
        }

        var material = Assert.Single((await host.App.Get<EventStore>().GetAsync(eventId, Ct))!.Event.Materials);
        Assert.Equal((MaterialKind.Recording, "The recording", new Uri("https://video.example.org/spring")), (material.Kind, material.Title, material.Link));
        using var page = await client.GetAsync($"/api/console/events/{eventId}?done=material");
        Assert.Contains("<a href=\"https://video.example.org/spring\">The recording</a>", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var audit = await host.App.Get<OperatorAudit>().ListAllAsync(Ct).Where(entry => entry.Action == "event.material").ToListAsync(Ct);
        Assert.Equal((eventId, "recording"), (Assert.Single(audit).Target, audit[0].Detail));
    }

    [Fact]
    public async Task TheSeatsAndRegistrationsAreShownWithNamesAndExportedAsTheManageRoutesCsv()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var eventId = await CreateAsync(client, Form());
        var registrations = host.App.Get<EventRegistrationService>();
        foreach (var email in new[] { "amina@example.org", "bruno@example.org", "chen@example.org" })
        {
            Assert.Equal(200, (await MemberTestFlows.ConfirmAsync(host.App, TokenOf(await BrowserWalks.RegisterAsync(host, email)))).Status);
            var member = (await MemberTestFlows.MemberByEmailAsync(host.App, email))!;
            var outcome = await registrations.RegisterAsync(eventId, member, Ct);
            Assert.True(outcome is RegistrationOutcome.Registered or RegistrationOutcome.Waitlisted, $"registering answered {outcome}");
        }

        using var list = await client.GetAsync("/api/console/events");
        using var page = await client.GetAsync($"/api/console/events/{eventId}");
        using var csv = await client.GetAsync($"/api/console/events/{eventId}/registrations.csv");
        using var keyed = host.Client(@operator: true);
        var manage = await keyed.GetByteArrayAsync(new Uri($"api/manage/events/{eventId}/registrations?format=csv", UriKind.Relative), Ct);

        Assert.Contains("<td>2 / 2</td><td>1</td>", await list.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("2 registered of 2 seats, 1 waiting.", html, StringComparison.Ordinal);
        Assert.Contains("Waiting, number 1", html, StringComparison.Ordinal);
        Assert.Contains(">Amina Diallo</a></td><td>Soil Institute</td>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(manage, await csv.Content.ReadAsByteArrayAsync(Ct));
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', EventRegistrationExport.Header), lines[0]);
        Assert.Equal(["registered", "registered", "waitlisted"], lines[1..].Select(line => line.Split(',')[0]).Order().ToArray());
        Assert.Contains(lines, line => line.Contains("amina@example.org", StringComparison.Ordinal));
        var audit = await host.App.Get<OperatorAudit>().ListAllAsync(Ct).ToListAsync(Ct);
        Assert.Equal((eventId, "3 rows"), (Assert.Single(audit, e => e.Action == "event.export").Target, audit.Single(e => e.Action == "event.export").Detail));
        Assert.All(audit, e => Assert.DoesNotContain("@", e.Target + e.Detail, StringComparison.Ordinal));
        foreach (var member in await registrations.ListAsync(eventId, Ct))
        {
            Assert.Contains($"/api/console/members/{member.MemberId}", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnUnknownEventIsNotFoundAndNothingIsAudited()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        foreach (var id in new[] { "0123456789abcdef0123456789abcdef", "not-an-event-id" })
        {
            var answers = new List<HttpStatusCode>();
            foreach (var path in new[] { $"/api/console/events/{id}", $"/api/console/events/{id}/edit", $"/api/console/events/{id}/registrations.csv" })
            {
                using var answer = await client.GetAsync(path);
                answers.Add(answer.StatusCode);
            }

            var update = Form();
            update["version"] = "W/\"datetime'2026-01-01T00%3A00%3A00Z'\"";
            foreach (var (path, fields) in new[]
            {
                ($"/api/console/events/{id}", update),
                ($"/api/console/events/{id}/cancel", new Dictionary<string, string> { ["confirm"] = "cancel" }),
                ($"/api/console/events/{id}/attendance", new Dictionary<string, string> { ["attended"] = "3" }),
                ($"/api/console/events/{id}/materials", new Dictionary<string, string> { ["kind"] = "slides", ["title"] = "Slides", ["link"] = "https://example.org/s.pdf" }),
            })
            {
                using var answer = await client.PostAsync(path, fields);
                answers.Add(answer.StatusCode);
            }

            Assert.All(answers, status => Assert.Equal(HttpStatusCode.NotFound, status));
        }

        Assert.All(await host.App.Get<OperatorAudit>().ListAllAsync(Ct).ToListAsync(Ct), e => Assert.StartsWith("console.sign-", e.Action, StringComparison.Ordinal));
    }
}
