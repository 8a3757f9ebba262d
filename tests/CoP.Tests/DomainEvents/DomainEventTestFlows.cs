using System.Text.Json;
using Azure.Data.Tables;
using CoP.Shared.DomainEvents;
using CoP.Shared.DomainEvents.Sources;

namespace CoP.Tests.DomainEvents;

/// <summary>What the sources wrote, read back for the tests of this folder: the events, and the raw rows as stored.</summary>
internal static class DomainEventTestFlows
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The events written so far, of <paramref name="type"/> when given.</summary>
    public static async Task<IReadOnlyList<DomainEvent>> EventsAsync(TestApp app, string? type = null) =>
        [.. (await app.Get<DomainEventStore>().ListAllAsync(Ct)).Where(e => type is null || e.Type == type)];

    /// <summary>The one event of <paramref name="type"/> written so far (fails when there are none or several).</summary>
    public static async Task<DomainEvent> SingleAsync(TestApp app, string type) => Assert.Single(await EventsAsync(app, type));

    /// <summary>Every property of every row of the DomainEvents table, as stored: what a leak would show in.</summary>
    public static async Task<string> RawRowsAsync(TestApp app)
    {
        var rows = new List<Dictionary<string, object>>();
        await foreach (var row in app.Table("DomainEvents").QueryAsync<TableEntity>(cancellationToken: Ct))
        {
            rows.Add(row.Where(p => p.Key != "odata.etag").ToDictionary(p => p.Key, p => p.Value));
        }

        Assert.NotEmpty(rows);
        return JsonSerializer.Serialize(rows);
    }

    /// <summary>Asserts that none of <paramref name="personal"/> (ids, names, addresses) is in any stored event.</summary>
    public static async Task AssertNothingPersonalAsync(TestApp app, params string[] personal)
    {
        var raw = await RawRowsAsync(app);
        Assert.All(personal, value => Assert.DoesNotContain(value, raw, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Asserts the event's stable id, title, public page, topics, and the same four in its data.</summary>
    public static void AssertShows(DomainEvent e, string type, string key, string title, string url, params string[] topics)
    {
        Assert.Equal(type, e.Type);
        Assert.Equal(DomainEvent.IdOf(type, key), e.EventId);
        Assert.Equal(title, e.Title);
        Assert.Equal(url, e.Url);
        Assert.Equal(topics, e.Topics);
        Assert.Equal(title, e.Data.GetProperty("title").GetString());
        Assert.Equal(url, e.Data.GetProperty("url").GetString());
        Assert.Equal(topics, e.Data.GetProperty("topics").EnumerateArray().Select(t => t.GetString()!));
        Assert.False(string.IsNullOrWhiteSpace(e.Summary));
    }

    /// <summary>Runs the domain events timer's work once, as <c>PublishDomainEvents</c> does.</summary>
    public static Task<DomainEventRunReport> RunDomainEventTimerAsync(TestApp app) => app.Get<DomainEventRun>().RunAsync(Ct);

    /// <summary>The public base address the test settings give (<c>Membership:PublicApiBaseUrl</c>).</summary>
    public static string PublicBase(TestApp app) => app.Configuration["Membership:PublicApiBaseUrl"]!.TrimEnd('/');
}
