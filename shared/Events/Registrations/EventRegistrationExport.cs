using System.Globalization;
using CoP.Shared.Members;
using CsvHelper;

namespace CoP.Shared.Events.Registrations;

/// <summary>One registration with the member's details, as operators export it (never logged).</summary>
public sealed record ExportedRegistration(
    string MemberId, string Status, int? Position, DateTimeOffset RegisteredAt, DateTimeOffset? PromotedAt,
    string Name, string? Organization, string? Country, string Language, string Email);

/// <summary>
/// The operators' list of an event's registrations with the members' names, organisations, countries, languages and
/// addresses: as JSON rows, or as CSV (CsvHelper, cells a spreadsheet would run as a formula escaped, as the members'
/// export does). Members erased meanwhile are left out.
/// </summary>
public sealed class EventRegistrationExport(EventStore events, EventAttendees attendees, MemberStore members)
{
    public static readonly string[] Header =
        ["status", "position", "registeredAt", "promotedAt", "memberId", "name", "organization", "country", "language", "email"];

    private const int Readers = 8;

    private static readonly CsvWriterOptions Options = new()
    {
        Injection = CsvInjection.Escape,
        NewLine = "\r\n",
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>The event's registrations in the order of <see cref="EventAttendees.ListAsync"/>; null for an unknown event.</summary>
    public async Task<IReadOnlyList<ExportedRegistration>?> ReadAsync(string eventId, CancellationToken cancellationToken = default)
    {
        if (await events.GetAsync(eventId, cancellationToken) is null)
        {
            return null;
        }

        var registrations = await attendees.ListAsync(eventId, cancellationToken);
        var rows = new ExportedRegistration?[registrations.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, registrations.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Readers, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var r = registrations[i];
                if (await members.GetAsync(r.MemberId, ct) is { } m)
                {
                    rows[i] = new ExportedRegistration(r.MemberId, r.Status.Name, r.Status.WaitlistPosition, r.RegisteredAt, r.PromotedAt, m.Name, m.Organization, m.Country, m.Language, m.Email);
                }
            });
        return [.. rows.OfType<ExportedRegistration>()];
    }

    /// <summary>Writes the header and <paramref name="rows"/> as CSV.</summary>
    public static async Task WriteCsvAsync(Stream output, IReadOnlyList<ExportedRegistration> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var csv = CsvWriter.Create(output, Options, true);
        csv.WriteHeader(Header);
        foreach (var r in rows)
        {
            await csv.WriteRecordAsync(
                [
                    r.Status, r.Position?.ToString(CultureInfo.InvariantCulture) ?? "", r.RegisteredAt.ToString("O", CultureInfo.InvariantCulture),
                    r.PromotedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "", r.MemberId, r.Name, r.Organization ?? "", r.Country ?? "", r.Language, r.Email,
                ],
                cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }
}
