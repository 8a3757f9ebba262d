using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Events;

/// <summary>
/// Row of the <c>Events</c> table. PartitionKey <c>event</c>, RowKey the event id: a page or a registration is one
/// point read; listings query the one partition by end time (a community has tens of events a year, not thousands).
/// The texts, topics, venue, languages, agenda and materials are JSON in one property each; their sizes are bounded
/// by <c>EventRules</c>, far below the 64 KiB a property may hold.
/// </summary>
public sealed class EventEntity : ITableEntity
{
    public const string Partition = "event";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Texts { get; set; } = "{}";
    public string Topics { get; set; } = "[]";
    public string Format { get; set; } = "";
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string TimeZone { get; set; } = "";
    public string? Venue { get; set; }
    public string? OnlineUrl { get; set; }
    public string Languages { get; set; } = "[]";
    public int? Capacity { get; set; }
    public bool Waitlist { get; set; }
    public DateTimeOffset? RegistrationOpensAt { get; set; }
    public DateTimeOffset? RegistrationClosesAt { get; set; }
    public string Agenda { get; set; } = "[]";
    public string Status { get; set; } = "";
    public string Materials { get; set; } = "[]";
    public string? Report { get; set; }
    public int? Attended { get; set; }
    public int Sequence { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    private static JsonSerializerOptions Json => JsonSerializerOptions.Web;

    public static EventEntity From(Event e) => new()
    {
        RowKey = e.EventId,
        Texts = JsonSerializer.Serialize(e.Texts, Json),
        Topics = JsonSerializer.Serialize(e.Topics, Json),
        Format = EventNames.Of(e.Format),
        StartsAt = e.StartsAt,
        EndsAt = e.EndsAt,
        TimeZone = e.TimeZone,
        Venue = e.Venue is null ? null : JsonSerializer.Serialize(e.Venue, Json),
        OnlineUrl = e.OnlineUrl?.AbsoluteUri,
        Languages = JsonSerializer.Serialize(e.Languages, Json),
        Capacity = e.Capacity,
        Waitlist = e.Waitlist,
        RegistrationOpensAt = e.RegistrationOpensAt,
        RegistrationClosesAt = e.RegistrationClosesAt,
        Agenda = JsonSerializer.Serialize(e.Agenda, Json),
        Status = EventNames.Of(e.Status),
        Materials = JsonSerializer.Serialize(e.Materials, Json),
        Report = e.Report,
        Attended = e.Attended,
        Sequence = e.Sequence,
        CreatedAt = e.CreatedAt,
        UpdatedAt = e.UpdatedAt,
    };

    public Event ToEvent()
    {
        // Rows are only written from validated events; an unreadable value is a corrupted row, not an input error.
        if (!EventNames.TryParse(Format, out EventFormat format) || !EventNames.TryParse(Status, out EventStatus status))
        {
            throw new InvalidOperationException($"Event {RowKey} has an unknown format or status.");
        }

        return new Event(
            RowKey,
            Read<Dictionary<string, EventText>>(Texts),
            Read<List<string>>(Topics),
            format,
            StartsAt,
            EndsAt,
            TimeZone,
            Venue is null ? null : Read<EventVenue>(Venue),
            OnlineUrl is null ? null : new Uri(OnlineUrl, UriKind.Absolute),
            Read<List<string>>(Languages),
            Capacity,
            Waitlist,
            RegistrationOpensAt,
            RegistrationClosesAt,
            Read<List<AgendaItem>>(Agenda),
            status,
            Read<List<EventMaterial>>(Materials),
            Report,
            Attended,
            Sequence,
            CreatedAt,
            UpdatedAt);
    }

    private T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidOperationException($"Event {RowKey} has an empty JSON property.");
}
