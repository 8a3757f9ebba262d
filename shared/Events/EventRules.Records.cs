using CoP.Shared.Documents;
using CoP.Shared.Validation;

namespace CoP.Shared.Events;

/// <summary>What an event's record may hold once it has taken place: the attendance, the report and the materials.</summary>
public sealed record EventAttendance(int Attended, string? Report);

public static partial class EventRules
{
    public const int MaxAttended = 100_000;
    public const int MaxReportLength = 4000;
    public const int MaxMaterials = 20;

    /// <summary>The attendance and report an operator records, or the errors by field.</summary>
    public static Validated<EventAttendance> CheckAttendance(EventAttendanceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new FieldErrors();
        if (definition.Attended is not (>= 0 and <= MaxAttended))
        {
            errors.Add("attended", $"The number who attended is between 0 and {MaxAttended}.");
        }

        var report = errors.Text(definition.Report, new TextField("report", MaxReportLength, Multiline: true, Label: "report"));
        return errors.Result(() => new EventAttendance(definition.Attended ?? 0, report));
    }

    /// <summary>
    /// The materials to add to an event that has <paramref name="existing"/> already, stamped <paramref name="now"/>, or the
    /// errors by field. A document must be one of <paramref name="publishedDocuments"/> (the catalog's published ones).
    /// </summary>
    public static Validated<IReadOnlyList<EventMaterial>> CheckMaterials(
        EventMaterialsDefinition definition, int existing, IReadOnlySet<string> publishedDocuments, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(publishedDocuments);
        var errors = new FieldErrors();
        if (definition.Materials is not { Count: > 0 } definitions || existing + definitions.Count > MaxMaterials)
        {
            errors.Add("materials", $"Send 1 or more materials; an event has at most {MaxMaterials} ({existing} already).");
            return errors.Result<IReadOnlyList<EventMaterial>>(() => []);
        }

        var materials = new List<EventMaterial>();
        for (var i = 0; i < definitions.Count; i++)
        {
            var field = $"materials[{i}]";
            if (definitions[i] is not { } material)
            {
                errors.Add(field, "Each material is an object with a kind, a title and a documentId or a link.");
                continue;
            }

            if (!EventNames.TryParse(material.Kind, out MaterialKind kind))
            {
                errors.Add(field + ".kind", "The kind is one of: slides, recording, minutes, other.");
            }

            var title = errors.Text(material.Title, new TextField(field + ".title", MaxTitleLength, Required: true, Label: "title"));
            Uri? link = null;
            if (material.DocumentId is null == material.Link is null)
            {
                errors.Add(field, "Give a documentId or a link, not both.");
            }
            else if (material.DocumentId is { } documentId && !(DocumentStore.IsValidDocumentId(documentId) && publishedDocuments.Contains(documentId)))
            {
                errors.Add(field + ".documentId", "The document must be a published document of the catalog.");
            }
            else if (material.Link is { } value && !IsHttpsLink(value, out link))
            {
                errors.Add(field + ".link", $"The link is an https address of at most {MaxUrlLength} characters.");
            }

            if (title is not null)
            {
                materials.Add(new EventMaterial(Guid.NewGuid().ToString("N"), kind, title, material.DocumentId, link, now));
            }
        }

        return errors.Result<IReadOnlyList<EventMaterial>>(() => materials);
    }
}
