using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Events.Manage;

/// <summary>An event as operators see it: every field, drafts included, with the wire names of <see cref="EventNames"/>.</summary>
public sealed record ManagedEventResponse(
    string EventId,
    IReadOnlyDictionary<string, EventText> Texts,
    IReadOnlyList<string> Topics,
    string Format,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    EventVenue? Venue,
    Uri? OnlineUrl,
    IReadOnlyList<string> Languages,
    int? Capacity,
    bool Waitlist,
    DateTimeOffset? RegistrationOpensAt,
    DateTimeOffset? RegistrationClosesAt,
    IReadOnlyList<AgendaItem> Agenda,
    string Status,
    IReadOnlyList<ManagedEventMaterial> Materials,
    string? Report,
    int? Attended,
    int Sequence,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ManagedEventResponse From(Event e) => new(
        e.EventId, e.Texts, e.Topics, EventNames.Of(e.Format), e.StartsAt, e.EndsAt, e.TimeZone, e.Venue, e.OnlineUrl, e.Languages, e.Capacity,
        e.Waitlist, e.RegistrationOpensAt, e.RegistrationClosesAt, e.Agenda, EventNames.Of(e.Status),
        [.. e.Materials.Select(m => new ManagedEventMaterial(m.MaterialId, EventNames.Of(m.Kind), m.Title, m.DocumentId, m.Link, m.AddedAt))],
        e.Report, e.Attended, e.Sequence, e.CreatedAt, e.UpdatedAt);
}

public sealed record ManagedEventMaterial(string MaterialId, string Kind, string Title, string? DocumentId, Uri? Link, DateTimeOffset AddedAt);

/// <summary>How the manage routes answer: the event with its version in <c>ETag</c>, or the problem that refused the change.</summary>
public static class ManagedEventAnswers
{
    /// <summary>Event definitions carry up to three long descriptions and an agenda: more room than the default body.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static IResult Ok(HttpRequest request, StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stored);
        request.HttpContext.Response.Headers.ETag = stored.Version;
        return TypedResults.Ok(ManagedEventResponse.From(stored.Event));
    }

    public static IResult Created(HttpRequest request, StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stored);
        request.HttpContext.Response.Headers.ETag = stored.Version;
        return TypedResults.Created($"/api/events/{stored.Event.EventId}", ManagedEventResponse.From(stored.Event));
    }

    public static IResult From(HttpRequest request, EventChange change) => change switch
    {
        EventChange.Changed { Event: var stored } => Ok(request, stored),
        EventChange.Unchanged { Event: var stored } => Ok(request, stored),
        EventChange.NotFound => Problems.NotFound("There is no event with this id."),
        EventChange.VersionMismatch => Problems.PreconditionFailed("The event changed since it was read: read it again (its ETag) and send the change again."),
        EventChange.Invalid { Errors: var errors } => Problems.Validation(errors),
        EventChange.Refused { Reason: var reason } => Problems.Conflict(reason),
        _ => throw new UnreachableException(),
    };
}
