using CoP.Shared.Events;
using CoP.Shared.Validation;

namespace CoP.Shared.Projects.Submission;

/// <summary>The parts of a definition that are records of their own: the carbon certification, the organisations, the Rio markers.</summary>
public static partial class ProjectRules
{
    public const int MaxOrganisations = 20;
    public const int MaxOrganisationNameLength = 150;
    public const int MaxMethodologyLength = 100;
    public const int MaxRegistryIdLength = 100;
    public const double MaxTco2ePerYear = 10_000_000;

    /// <summary>The Verra VCS methodologies for soil carbon the map knows: improved agricultural land management and biochar.</summary>
    public static readonly IReadOnlyList<string> VcsMethodologies = ["VM0042", "VM0044"];

    private static readonly HashSet<string> CarbonFields = new(["standard", "methodology", "registryId", "registryUrl", "expectedTco2ePerYear"], StringComparer.Ordinal);
    private static readonly HashSet<string> OrganisationFields = new(["name", "role", "reference"], StringComparer.Ordinal);
    private static readonly HashSet<string> MarkerFields = new(["mitigation", "adaptation", "desertification"], StringComparer.Ordinal);

    /// <summary>The certification; none when absent. A methodology and registry only with a standard; VCS names its methodology.</summary>
    private static ProjectCarbon? Carbon(JsonFields root)
    {
        if (root.Value("carbon") is not { } json)
        {
            return new ProjectCarbon(CarbonStandard.None, null, null, null, null);
        }

        var errors = root.Errors;
        if (JsonFields.Open(json, "carbon", CarbonFields, errors, "an object with the standard, methodology, registryId, registryUrl and expectedTco2ePerYear") is not { } fields)
        {
            return null;
        }

        var standard = fields.Name<CarbonStandard>("standard");
        errors.AddIf("carbon.standard", standard is null && !fields.Has("standard") ? $"The standard is one of: {string.Join(", ", ProjectNames.All<CarbonStandard>())}." : null);
        var methodology = standard == CarbonStandard.Vcs
            ? fields.String("methodology")
            : errors.Text(fields.String("methodology"), new TextField("carbon.methodology", MaxMethodologyLength, Label: "methodology"));
        if (standard == CarbonStandard.Vcs && !VcsMethodologies.Contains(methodology, StringComparer.Ordinal))
        {
            errors.Add("carbon.methodology", $"A VCS project names its methodology: {string.Join(" or ", VcsMethodologies)}.");
            methodology = null;
        }
        var registryId = Identifier(fields, "registryId", MaxRegistryIdLength);
        Uri? registryUrl = null;
        if (fields.String("registryUrl") is { } url && !EventRules.IsHttpsLink(url, out registryUrl))
        {
            errors.Add("carbon.registryUrl", $"The registry's page is an https address of at most {EventRules.MaxUrlLength} characters.");
        }

        var tonnes = fields.Number("expectedTco2ePerYear");
        errors.AddIf("carbon.expectedTco2ePerYear", tonnes is not (null or (>= 0 and <= MaxTco2ePerYear)) ? $"The expected removals are 0 to {MaxTco2ePerYear:N0} tCO2e a year." : null);
        if (standard == CarbonStandard.None)
        {
            var stray = new[] { ("methodology", methodology), ("registryId", registryId), ("registryUrl", registryUrl?.AbsoluteUri) }.FirstOrDefault(f => f.Item2 is not null);
            errors.AddIf($"carbon.{stray.Item1}", stray.Item1 is null ? null : "A project without a carbon standard has no methodology or registry.");
        }

        return standard is { } s ? new ProjectCarbon(s, methodology, registryId, registryUrl, tonnes) : null;
    }

    private static List<ProjectOrganisation>? Organisations(JsonFields root)
    {
        if (root.Array("organisations", MaxOrganisations, "organisations") is not { } items)
        {
            return root.Has("organisations") ? null : [];
        }

        var organisations = new List<ProjectOrganisation>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"organisations[{i}]";
            if (JsonFields.Open(items[i], path, OrganisationFields, root.Errors, "an object with the organisation's name, role and reference") is not { } fields)
            {
                continue;
            }

            var name = root.Errors.Text(fields.String("name"), new TextField(path + ".name", MaxOrganisationNameLength, Required: true, Label: "name"));
            var role = fields.Name<OrganisationRole>("role");
            root.Errors.AddIf(path + ".role", role is null && !fields.Has("role") ? $"The role is one of: {string.Join(", ", ProjectNames.All<OrganisationRole>())}." : null);
            var reference = Identifier(fields, "reference", MaxIdentifierLength);
            if (name is not null && role is { } r)
            {
                organisations.Add(new ProjectOrganisation(name, r, reference));
            }
        }

        return organisations;
    }

    /// <summary>The Rio markers; a marker left out is not targeted.</summary>
    private static RioMarkers? Markers(JsonFields root)
    {
        if (root.Value("rioMarkers") is not { } json)
        {
            return new RioMarkers(MarkerSignificance.NotTargeted, MarkerSignificance.NotTargeted, MarkerSignificance.NotTargeted);
        }

        if (JsonFields.Open(json, "rioMarkers", MarkerFields, root.Errors, "an object with the mitigation, adaptation and desertification markers") is not { } fields)
        {
            return null;
        }

        return new RioMarkers(
            fields.Name<MarkerSignificance>("mitigation") ?? MarkerSignificance.NotTargeted,
            fields.Name<MarkerSignificance>("adaptation") ?? MarkerSignificance.NotTargeted,
            fields.Name<MarkerSignificance>("desertification") ?? MarkerSignificance.NotTargeted);
    }
}
