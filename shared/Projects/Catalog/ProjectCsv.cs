using System.Globalization;
using CsvHelper;

namespace CoP.Shared.Projects.Catalog;

/// <summary>
/// The public projects as CSV for spreadsheets and GIS tools (CsvHelper): one row per project with its public, rounded
/// <c>latitude</c> and <c>longitude</c> as numbers, lists space-separated. Text cells a spreadsheet would run as a
/// formula are escaped, as the operators' exports do; numbers are written as numbers, so a negative longitude stays one.
/// </summary>
public sealed class ProjectCsv(IReadOnlyList<Project> projects, string language, Uri publicBase)
{
    public const string MediaType = "text/csv; charset=utf-8";

    public static readonly string[] Header =
    [
        "id", "title", "status", "countries", "administrativeArea", "latitude", "longitude", "exactness", "areaHectares", "landUse",
        "practices", "standard", "methodology", "registryId", "registryUrl", "expectedTco2ePerYear", "topics", "url",
    ];

    private static readonly CsvWriterOptions Options = new()
    {
        Injection = CsvInjection.Escape,
        NewLine = "\r\n",
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>How many rows <see cref="WriteAsync"/> writes (the header aside).</summary>
    public int Count => projects.Count;

    /// <summary>Writes the header and one row per project.</summary>
    public async Task WriteAsync(Stream output, CancellationToken cancellationToken = default)
    {
        await using var csv = CsvWriter.Create(output, Options, true);
        csv.WriteHeader(Header);
        foreach (var p in projects)
        {
            var point = p.PublicPoint;
            csv.WriteField(p.ProjectId);
            csv.WriteField(p.TextIn(language).Title);
            csv.WriteField(ProjectNames.Of(p.Status));
            csv.WriteField(string.Join(' ', p.Countries));
            csv.WriteField(p.AdministrativeArea);
            csv.WriteField(point.Latitude, "R");
            csv.WriteField(point.Longitude, "R");
            csv.WriteField(ProjectNames.Of(p.Location.Exactness));
            csv.WriteField(p.AreaHectares, "R");
            csv.WriteField(p.LandUse is { } landUse ? ProjectNames.Of(landUse) : null);
            csv.WriteField(string.Join(' ', p.Practices.Select(ProjectNames.Of)));
            csv.WriteField(ProjectNames.Of(p.Carbon.Standard));
            csv.WriteField(p.Carbon.Methodology);
            csv.WriteField(p.Carbon.RegistryId);
            csv.WriteField(p.Carbon.RegistryUrl?.ToString());
            csv.WriteField(p.Carbon.ExpectedTco2ePerYear, "R");
            csv.WriteField(string.Join(' ', p.Topics));
            csv.WriteField(ProjectViews.PageUrl(publicBase, p.ProjectId).ToString());
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }
}
