using System.Globalization;
using System.Text.Json;
using CoP.Shared.Events;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Events.Manage;

/// <summary>Event definitions and the manage routes driven the way operators drive them, for the tests of this folder.</summary>
internal static class EventTestFlows
{
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture);

    /// <summary>When the event of <see cref="Definition"/> starts: ten days after the clock's start, 14:00 in Paris.</summary>
    public static readonly DateTimeOffset EventStart = DateTimeOffset.Parse("2026-11-12T14:00:00+01:00", CultureInfo.InvariantCulture);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A test app whose clock stands at <see cref="Start"/> until the test moves it.</summary>
    public static (TestApp App, FakeTimeProvider Time) CreateApp(StorageFixture storage)
    {
        var time = new FakeTimeProvider(Start);
        return (TestApp.Create(storage, time: time), time);
    }

    /// <summary>A valid hybrid event that a test changes field by field (null removes a field).</summary>
    public static Dictionary<string, object?> Definition(Action<Dictionary<string, object?>>? change = null)
    {
        var definition = new Dictionary<string, object?>
        {
            ["texts"] = new Dictionary<string, object?>
            {
                ["en"] = new Dictionary<string, object?> { ["title"] = "Biochar field day", ["description"] = "Kilns, feedstock and what the soil gains." },
                ["fr"] = new Dictionary<string, object?> { ["title"] = "Journée biochar", ["description"] = "Fours, intrants et ce que le sol y gagne." },
            },
            ["topics"] = new List<object?> { "biochar" },
            ["format"] = "hybrid",
            ["startsAt"] = "2026-11-12T14:00:00+01:00",
            ["endsAt"] = "2026-11-12T17:30:00+01:00",
            ["timeZone"] = "Europe/Paris",
            ["venue"] = new Dictionary<string, object?>
            {
                ["name"] = "Maison de l'agriculture",
                ["address"] = "1 rue des Champs\n75001 Paris",
                ["point"] = new Dictionary<string, object?> { ["latitude"] = 48.86, ["longitude"] = 2.34 },
            },
            ["onlineUrl"] = "https://meet.example.org/biochar",
            ["languages"] = new List<object?> { "en", "fr" },
            ["capacity"] = 40,
            ["waitlist"] = true,
            ["registrationOpensAt"] = "2026-11-03T09:00:00+01:00",
            ["registrationClosesAt"] = "2026-11-12T12:00:00+01:00",
            ["agenda"] = new List<object?>
            {
                new Dictionary<string, object?>
                {
                    ["startsAt"] = "2026-11-12T14:00:00+01:00",
                    ["endsAt"] = "2026-11-12T15:00:00+01:00",
                    ["title"] = "Kilns compared",
                    ["speakers"] = new List<object?> { new Dictionary<string, object?> { ["name"] = "Ana Ruiz" } },
                },
            },
            ["status"] = "draft",
        };
        change?.Invoke(definition);
        foreach (var key in definition.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            definition.Remove(key);
        }

        return definition;
    }

    /// <summary>The definition as the service takes it, read the way the functions read a body.</summary>
    public static EventDefinition Parsed(Dictionary<string, object?> definition) =>
        JsonSerializer.Deserialize<EventDefinition>(JsonSerializer.Serialize(definition, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!;

    /// <summary>One level down: <c>At(d, "venue")["address"] = …</c>.</summary>
    public static Dictionary<string, object?> At(Dictionary<string, object?> definition, string key) => (Dictionary<string, object?>)definition[key]!;
}
