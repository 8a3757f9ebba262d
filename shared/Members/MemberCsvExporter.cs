using System.Globalization;
using CsvHelper;

namespace CoP.Shared.Members;

/// <summary>
/// Writes members as CSV for operators, streaming page by page. Cells that a spreadsheet would run as a
/// formula (=, +, -, @, tab, carriage return) are escaped by CsvHelper's injection protection.
/// </summary>
public sealed class MemberCsvExporter(MemberStore store)
{
    public static readonly string[] Header =
        ["memberId", "email", "name", "organization", "country", "role", "topics", "language", "newsletter", "status", "createdAt", "confirmedAt"];

    private static readonly CsvWriterOptions Options = new()
    {
        Injection = CsvInjection.Escape,
        NewLine = "\r\n",
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>Writes the header and every matching member; the number of members written.</summary>
    public async Task<int> WriteAsync(Stream output, MemberStatus? status, string? country, string? topic, CancellationToken cancellationToken = default)
    {
        await using var csv = CsvWriter.Create(output, Options, true);
        csv.WriteHeader(Header);
        var rows = 0;
        await foreach (var member in store.ListAllAsync(status, country, cancellationToken))
        {
            if (topic is not null && !member.Topics.Split(',').Contains(topic, StringComparer.Ordinal))
            {
                continue;
            }

            await csv.WriteRecordAsync(Row(member), cancellationToken);
            rows++;
        }

        await csv.FlushAsync(cancellationToken);
        return rows;
    }

    private static string[] Row(MemberEntity m) =>
    [
        m.MemberId, m.Email, m.Name, m.Organization ?? "", m.Country ?? "", m.Role ?? "", m.Topics.Replace(',', ' '), m.Language,
        m.Newsletter ? "true" : "false", m.MemberStatus.ToString().ToLowerInvariant(),
        m.CreatedAt.ToString("O", CultureInfo.InvariantCulture), m.ConfirmedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
    ];
}
