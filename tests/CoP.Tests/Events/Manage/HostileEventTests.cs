using System.Text;
using System.Text.Json;
using static CoP.Tests.Events.Manage.EventTestFlows;

namespace CoP.Tests.Events.Manage;

/// <summary>
/// Malformed and malicious event definitions: each gets the expected 4xx problem, never a 5xx, and nothing is stored.
/// </summary>
public sealed class HostileEventTests(StorageFixture storage)
{
    private const string Json = "application/json";

    public static TheoryData<string, string, string?, int> Definitions()
    {
        static string With(Action<Dictionary<string, object?>> change) => JsonSerializer.Serialize(Definition(change), JsonSerializerOptions.Web);
        static Action<Dictionary<string, object?>> English(string field, object? value) => d => At(At(d, "texts"), "en")[field] = value;
        static Action<Dictionary<string, object?>> Venue(string field, object? value) => d => At(d, "venue")[field] = value;
        static Action<Dictionary<string, object?>> Item(string field, object? value) =>
            d => ((Dictionary<string, object?>)((List<object?>)d["agenda"]!)[0]!)[field] = value;
        static Action<Dictionary<string, object?>> Speaker(string field, object? value) =>
            Item("speakers", new List<object?> { new Dictionary<string, object?> { ["name"] = "Ana Ruiz", [field] = value } });
        static List<object?> Items(int count) =>
            [.. Enumerable.Range(0, count).Select(i => (object?)new Dictionary<string, object?> { ["startsAt"] = "2026-11-12T14:00:00+01:00", ["title"] = $"Item {i}" })];

        var deep = new StringBuilder("{\"texts\":").Append('[', 40).Append(']', 40).Append('}').ToString();
        return new TheoryData<string, string, string?, int>
        {
            { "broken json", "{", Json, 400 },
            { "array root", "[]", Json, 400 },
            { "null root", "null", Json, 400 },
            { "empty body", "", Json, 400 },
            { "deep nesting", deep, Json, 400 },
            { "plain text", "title=Biochar", "text/plain", 415 },
            { "form post", "title=Biochar", "application/x-www-form-urlencoded", 415 },
            { "no content type", With(_ => { }), null, 415 },
            { "utf-16 charset", With(_ => { }), "application/json; charset=utf-16", 415 },
            { "oversized body", With(English("description", new string('x', 70_000))), Json, 413 },
            { "no texts", With(d => d["texts"] = null), Json, 400 },
            { "empty texts", With(d => d["texts"] = new Dictionary<string, object?>()), Json, 400 },
            { "text in an unknown language", With(d => At(d, "texts")["xx"] = new { title = "Hi" }), Json, 400 },
            { "title missing", With(English("title", null)), Json, 400 },
            { "title blank", With(English("title", " \u200B ")), Json, 400 },
            { "title with markup and a bell", With(English("title", "<b>Biochar</b>\u0007")), Json, 400 },
            { "title with a line break", With(English("title", "Biochar\nday")), Json, 400 },
            { "title reversed", With(English("title", "\u202Eyad rahcoib")), Json, 400 },
            { "title too long", With(English("title", new string('t', 151))), Json, 400 },
            { "description with a tag character", With(English("description", "Soil\U000E0041")), Json, 400 },
            { "oversized description", With(English("description", new string('d', 4001))), Json, 400 },
            { "description of emoji too long to store", With(d => { foreach (var l in new[] { "en", "fr" }) { At(d, "texts")[l] = new { title = "T", description = string.Concat(Enumerable.Repeat("\U0001F331", 1999)) }; } }), Json, 400 },
            { "no topic", With(d => d["topics"] = new List<object?>()), Json, 400 },
            { "unknown topic", With(d => d["topics"] = new List<object?> { "crypto" }), Json, 400 },
            { "topic path", With(d => d["topics"] = new List<object?> { "../topics" }), Json, 400 },
            { "six topics", With(d => d["topics"] = new List<object?> { "biochar", "biochar", "biochar", "biochar", "biochar", "biochar" }), Json, 400 },
            { "unknown format", With(d => d["format"] = "webinar"), Json, 400 },
            { "format number", With(d => d["format"] = 1), Json, 400 },
            { "start without offset", With(d => d["startsAt"] = "2026-11-12T14:00:00"), Json, 400 },
            { "start garbage", With(d => d["startsAt"] = "next thursday"), Json, 400 },
            { "start in the past", With(d => d["startsAt"] = "2026-10-01T14:00:00Z"), Json, 400 },
            { "start in five years", With(d => (d["startsAt"], d["endsAt"]) = ("2031-11-12T14:00:00Z", "2031-11-12T16:00:00Z")), Json, 400 },
            { "end before start", With(d => d["endsAt"] = "2026-11-12T13:00:00+01:00"), Json, 400 },
            { "end at start", With(d => d["endsAt"] = "2026-11-12T14:00:00+01:00"), Json, 400 },
            { "ten-year event", With(d => d["endsAt"] = "2036-11-12T14:00:00+01:00"), Json, 400 },
            { "year 0001", With(d => d["endsAt"] = "0001-01-01T00:00:00Z"), Json, 400 },
            { "bad time zone", With(d => d["timeZone"] = "Mars/Olympus_Mons"), Json, 400 },
            { "offset as time zone", With(d => d["timeZone"] = "+01:00"), Json, 400 },
            { "windows time zone", With(d => d["timeZone"] = "Romance Standard Time"), Json, 400 },
            { "missing venue for in-person", With(d => (d["format"], d["venue"], d["onlineUrl"]) = ("in-person", null, null)), Json, 400 },
            { "venue without address", With(Venue("address", null)), Json, 400 },
            { "venue name with markup", With(Venue("name", "<script>alert(1)</script>\u0000")), Json, 400 },
            { "venue off the map", With(Venue("point", new { latitude = 91, longitude = 0 })), Json, 400 },
            { "venue for an online event", With(d => d["format"] = "online"), Json, 400 },
            { "online link for an in-person event", With(d => d["format"] = "in-person"), Json, 400 },
            { "http online link", With(d => d["onlineUrl"] = "http://meet.example.org/biochar"), Json, 400 },
            { "javascript: link", With(d => d["onlineUrl"] = "javascript:alert(1)"), Json, 400 },
            { "link with a password", With(d => d["onlineUrl"] = "https://user:secret@meet.example.org/biochar"), Json, 400 },
            { "relative link", With(d => d["onlineUrl"] = "/meet"), Json, 400 },
            { "missing link for online", With(d => (d["format"], d["venue"], d["onlineUrl"]) = ("online", null, null)), Json, 400 },
            { "unknown language", With(d => d["languages"] = new List<object?> { "klingon" }), Json, 400 },
            { "no language", With(d => d["languages"] = new List<object?>()), Json, 400 },
            { "capacity 0", With(d => d["capacity"] = 0), Json, 400 },
            { "capacity negative", With(d => d["capacity"] = -5), Json, 400 },
            { "capacity huge", With(d => d["capacity"] = 1_000_000), Json, 400 },
            { "capacity overflow", With(d => d["capacity"] = 1e12), Json, 400 },
            { "capacity fraction", With(d => d["capacity"] = 2.5), Json, 400 },
            { "waitlist string", With(d => d["waitlist"] = "yes"), Json, 400 },
            { "registration closing after start", With(d => d["registrationClosesAt"] = "2026-11-12T15:00:00+01:00"), Json, 400 },
            { "registration opening before creation", With(d => d["registrationOpensAt"] = "2026-10-01T09:00:00Z"), Json, 400 },
            { "registration closing before opening", With(d => d["registrationClosesAt"] = "2026-11-03T08:00:00+01:00"), Json, 400 },
            { "agenda before the event", With(Item("startsAt", "2026-11-12T13:00:00+01:00")), Json, 400 },
            { "agenda after the event", With(Item("endsAt", "2026-11-12T19:00:00+01:00")), Json, 400 },
            { "agenda item ending before it starts", With(Item("endsAt", "2026-11-12T13:59:00+01:00")), Json, 400 },
            { "agenda item without title", With(Item("title", null)), Json, 400 },
            { "agenda null item", With(d => d["agenda"] = new List<object?> { null }), Json, 400 },
            { "1000 agenda items", With(d => d["agenda"] = Enumerable.Repeat(new { }, 1000).ToList()), Json, 400 },
            { "31 agenda items", With(d => d["agenda"] = Items(31)), Json, 400 },
            { "seven speakers", With(Item("speakers", Enumerable.Repeat(new { name = "Ana" }, 7).ToList())), Json, 400 },
            { "speaker name with a control character", With(Item("speakers", new List<object?> { new { name = "Ana\u001B[31m" } })), Json, 400 },
            { "speaker member id malformed", With(Speaker("memberId", "../members/x")), Json, 400 },
            { "bad status", With(d => d["status"] = "archived"), Json, 400 },
            { "created cancelled", With(d => d["status"] = "cancelled"), Json, 400 },
            { "created completed", With(d => d["status"] = "completed"), Json, 400 },
            { "status upper case", With(d => d["status"] = "Published"), Json, 400 },
        };
    }

    [Theory]
    [MemberData(nameof(Definitions))]
    public async Task HostileDefinitionsAreRefusedAndStoreNothing(string label, string body, string? contentType, int expectedStatus)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;

        var response = await CreateRawAsync(app, body, contentType);

        Assert.True(response.Status == expectedStatus, $"{label}: {response.Status} {response.Body}");
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(0, await Members.MemberTestFlows.RowCountAsync(app, "Events"));
    }

    [Fact]
    public async Task TheValidDefinitionOfTheseTestsIsStored()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;

        var response = await CreateRawAsync(app, JsonSerializer.Serialize(Definition(), JsonSerializerOptions.Web), Json);

        Assert.True(response.Status == 201, response.Body);
        Assert.Equal(1, await Members.MemberTestFlows.RowCountAsync(app, "Events"));
    }
}
