using CoP.Shared.Projects;
using CoP.Shared.Projects.Catalog;
using CsvHelper;
using static CoP.Tests.Projects.Catalog.CatalogTestFlows;
using static CoP.Tests.Projects.ProjectTestData;

namespace CoP.Tests.Projects.Catalog;

/// <summary>
/// GET /api/projects/export?format=csv: a CSV that CsvHelper reads back, with the public coordinates as numbers, cells
/// that would run as formulas escaped, the list's filters, approved projects only, and CSV as the only format.
/// </summary>
public sealed class ProjectExportTests(StorageFixture storage)
{
    [Fact]
    public async Task TheExportIsACsvOfPublicProjectsThatCsvHelperReadsBack()
    {
        await using var app = TestApp.Create(storage);
        var project = NewProject("member-contact-42");
        await StoreAsync(app, project, At("Waiting", 5, 5, 9, p => p with { Review = ProjectReview.Pending }));

        var response = await ExportAsync(app, "?format=csv");

        Assert.Equal(200, response.Status);
        Assert.Equal("text/csv; charset=utf-8", response.ContentType);
        Assert.Contains("filename=projects.csv", response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        var rows = Read(response.Body);
        var row = Assert.Single(rows);
        Assert.Equal(ProjectCsv.Header, row.Keys);
        Assert.Equal(project.ProjectId, row["id"]);
        Assert.Equal("Biochar for smallholders in Kisumu", row["title"]);
        Assert.Equal("implementation", row["status"]);
        Assert.Equal("KE", row["countries"]);
        Assert.Equal("Kisumu County", row["administrativeArea"]);
        Assert.Equal(("-0.1", "34.8"), (row["latitude"], row["longitude"]));
        Assert.Equal(("approximate", "120.5", "cropland"), (row["exactness"], row["areaHectares"], row["landUse"]));
        Assert.Equal("biochar compost-and-manure", row["practices"]);
        Assert.Equal(("vcs", "VM0044", "4321"), (row["standard"], row["methodology"], row["registryId"]));
        Assert.Equal("https://registry.verra.org/app/projectDetail/VCS/4321", row["registryUrl"]);
        Assert.Equal("850", row["expectedTco2ePerYear"]);
        Assert.Equal("biochar", row["topics"]);
        Assert.Equal($"https://cop.example.org/api/projects/{project.ProjectId}", row["url"]);
        Assert.DoesNotContain(ExactLatitude, response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(ExactLongitude, response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("member-contact-42", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CellsThatWouldRunAsFormulasAreEscapedAndNegativeNumbersStayNumbers()
    {
        await using var app = TestApp.Create(storage);
        await StoreAsync(app, At("=HYPERLINK(\"https://evil.example\",\"Click\")", -13.83, -171.76, 1, p => p with
        {
            AdministrativeArea = "+cmd|' /C calc'!A0",
            Carbon = p.Carbon with { RegistryId = "-2+3", Methodology = "@SUM(A1)" },
        }));

        var row = Assert.Single(Read((await ExportAsync(app)).Body));

        Assert.Equal("'=HYPERLINK(\"https://evil.example\",\"Click\")", row["title"]);
        Assert.Equal("'+cmd|' /C calc'!A0", row["administrativeArea"]);
        Assert.Equal("'-2+3", row["registryId"]);
        Assert.Equal("'@SUM(A1)", row["methodology"]);
        Assert.Equal(("-13.8", "-171.8"), (row["latitude"], row["longitude"]));
    }

    [Fact]
    public async Task TheExportTakesTheListsFilters()
    {
        await using var app = TestApp.Create(storage);
        var fiji = At("Fiji", -18.14, 178.44, 1);
        await StoreAsync(app, fiji, At("Greenwich", 51.48, 0, 2));

        var rows = Read((await ExportAsync(app, "?bbox=170,-20,-170,0")).Body);

        Assert.Equal([fiji.ProjectId], rows.Select(r => r["id"]));
    }

    [Theory]
    [InlineData("?format=json", "format")]
    [InlineData("?format=xlsx", "format")]
    [InlineData("?format=csv&format=csv", "format")]
    [InlineData("?practice=ploughing", "practice")]
    public async Task OnlyCsvIsAFormatAndBadFiltersAreProblems(string query, string field)
    {
        await using var app = TestApp.Create(storage);

        var response = await ExportAsync(app, query);

        Assert.Equal(400, response.Status);
        Assert.True(response.Json().GetProperty("errors").TryGetProperty(field, out _));
    }

    private static List<Dictionary<string, string>> Read(string body)
    {
        using var csv = CsvReader.FromText(body);
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(ProjectCsv.Header.ToDictionary(column => column, column => csv.GetString(column)));
        }

        return rows;
    }
}
