using System.Collections.Frozen;
using CoP.Shared.Projects;

namespace CoP.Functions.Projects.Pages;

/// <summary>
/// The words the project pages show for the project enums (by their wire names, <see cref="ProjectNames"/>), in each
/// language of the pages; a name without a label shows as itself.
/// </summary>
public static class ProjectLabels
{
    private static readonly FrozenDictionary<string, FrozenDictionary<string, string>> ByLanguage = new Dictionary<string, FrozenDictionary<string, string>>
    {
        ["en"] = Labels(
            ["Pipeline", "Implementation", "Finalisation", "Closed", "Cancelled", "Suspended"],
            ["Cropland", "Grazing land", "Forest or woodland", "Mixed land use", "Settlements", "Waterways", "Other land use"],
            ["Cover crops", "Reduced tillage", "Residue management", "Compost and manure", "Agroforestry", "Grazing management", "Biochar", "Water management", "Nutrient management", "Other practice"],
            ["No carbon standard", "Verra VCS", "Gold Standard", "Other standard"],
            ["Funding", "Accountable", "Extending", "Implementing"],
            ["Not targeted", "Significant objective", "Principal objective"]),
        ["fr"] = Labels(
            ["En préparation", "En cours", "En finalisation", "Terminé", "Annulé", "Suspendu"],
            ["Terres cultivées", "Pâturages", "Forêts ou boisements", "Usage mixte", "Zones habitées", "Cours d’eau", "Autre usage"],
            ["Cultures de couverture", "Travail du sol réduit", "Gestion des résidus", "Compost et fumier", "Agroforesterie", "Gestion du pâturage", "Biochar", "Gestion de l’eau", "Gestion des nutriments", "Autre pratique"],
            ["Aucun standard carbone", "Verra VCS", "Gold Standard", "Autre standard"],
            ["Financement", "Responsable", "Intermédiaire", "Mise en œuvre"],
            ["Non ciblé", "Objectif significatif", "Objectif principal"]),
        ["es"] = Labels(
            ["En preparación", "En ejecución", "En finalización", "Terminado", "Cancelado", "Suspendido"],
            ["Tierras de cultivo", "Pastizales", "Bosques o arbolado", "Uso mixto", "Asentamientos", "Cursos de agua", "Otro uso"],
            ["Cultivos de cobertura", "Labranza reducida", "Manejo de residuos", "Compost y estiércol", "Agroforestería", "Manejo del pastoreo", "Biocarbón", "Manejo del agua", "Manejo de nutrientes", "Otra práctica"],
            ["Sin estándar de carbono", "Verra VCS", "Gold Standard", "Otro estándar"],
            ["Financiación", "Responsable", "Intermediaria", "Ejecución"],
            ["No es objetivo", "Objetivo significativo", "Objetivo principal"]),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The label of <paramref name="value"/> in <paramref name="language"/> (English when the language has none).</summary>
    public static string Of<T>(T value, string language)
        where T : struct, Enum => Label(typeof(T).Name, ProjectNames.Of(value), language);

    /// <summary>The label of the wire name <paramref name="name"/> of an enum of <typeparamref name="T"/>.</summary>
    public static string Of<T>(string name, string language)
        where T : struct, Enum => Label(typeof(T).Name, name, language);

    /// <summary>Each value of <typeparamref name="T"/> as a form's choice: its wire name and its label.</summary>
    public static IReadOnlyList<(string Value, string Label)> Choices<T>(string language)
        where T : struct, Enum => [.. ProjectNames.All<T>().Select(name => (name, Of<T>(name, language)))];

    private static string Label(string type, string name, string language) =>
        (ByLanguage.GetValueOrDefault(language) ?? ByLanguage["en"]).GetValueOrDefault($"{type}:{name}", name);

    private static FrozenDictionary<string, string> Labels(string[] statuses, string[] landUses, string[] practices, string[] standards, string[] roles, string[] markers) =>
        Enumerate<ProjectStatus>(statuses).Concat(Enumerate<LandUse>(landUses)).Concat(Enumerate<Practice>(practices))
            .Concat(Enumerate<CarbonStandard>(standards)).Concat(Enumerate<OrganisationRole>(roles)).Concat(Enumerate<MarkerSignificance>(markers))
            .ToFrozenDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    private static IEnumerable<KeyValuePair<string, string>> Enumerate<T>(string[] labels)
        where T : struct, Enum =>
        ProjectNames.All<T>().Count == labels.Length
            ? ProjectNames.All<T>().Select((name, i) => KeyValuePair.Create($"{typeof(T).Name}:{name}", labels[i]))
            : throw new InvalidOperationException($"{typeof(T).Name} has {ProjectNames.All<T>().Count} values and {labels.Length} labels.");
}
