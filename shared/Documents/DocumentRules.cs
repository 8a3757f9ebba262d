using CoP.Shared.Members;

namespace CoP.Shared.Documents;

/// <summary>A validated upload request: the catalog metadata and the file the member says they will send.</summary>
public sealed record DocumentDraft(
    string Title,
    string? Description,
    IReadOnlyList<string> Topics,
    string DocumentType,
    string? Country,
    string Language,
    int? Year,
    string? ProjectName,
    string? Licence,
    string FileName,
    FileKind Kind,
    long Bytes);

/// <summary>An upload request as a client sends it, before validation.</summary>
public sealed record DocumentUploadFields(
    string? Title,
    string? Description,
    IReadOnlyList<string>? Topics,
    string? DocumentType,
    string? Country,
    string? Language,
    int? Year,
    string? ProjectName,
    string? Licence,
    string? FileName,
    string? ContentType,
    long? Size);

/// <summary>The rules of document metadata, shared by the upload request and the listing filters.</summary>
public static class DocumentRules
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxProjectNameLength = 200;
    public const int MaxLicenceLength = 100;
    public const int MaxTopics = 5;

    public static readonly IReadOnlyList<string> DocumentTypes = ["report", "case-study", "policy-brief", "presentation", "dataset", "other"];

    /// <summary>Validates every field; the draft when all are good, else the errors by field name.</summary>
    public static DocumentDraft? Check(DocumentUploadFields fields, IReadOnlySet<string> offeredTopics, long maxBytes, int currentYear, Dictionary<string, string[]> errors)
    {
        var title = Text(fields.Title, MaxTitleLength, "title", required: true, errors);
        var description = Text(fields.Description, MaxDescriptionLength, "description", required: false, errors, multiline: true);
        var projectName = Text(fields.ProjectName, MaxProjectNameLength, "projectName", required: false, errors);
        var licence = Text(fields.Licence, MaxLicenceLength, "licence", required: false, errors);

        IReadOnlyList<string> topics = [];
        if (fields.Topics is null || fields.Topics.Count == 0)
        {
            errors["topics"] = ["Choose at least one topic from GET /api/topics."];
        }
        else if (fields.Topics.Count > MaxTopics)
        {
            errors["topics"] = [$"At most {MaxTopics} topics."];
        }
        else if (MemberRules.CheckTopics(fields.Topics, offeredTopics, out topics) is { } topicError)
        {
            errors["topics"] = [topicError];
        }

        var documentType = NormalizeDocumentType(fields.DocumentType);
        if (documentType is null)
        {
            errors["documentType"] = [$"The document type must be one of: {string.Join(", ", DocumentTypes)}."];
        }

        string? country = null;
        if (fields.Country is not null && (country = Countries.Normalize(fields.Country)) is null)
        {
            errors["country"] = ["The country must be an ISO 3166-1 alpha-2 code such as FR or KE."];
        }

        var language = NormalizeLanguage(fields.Language);
        if (language is null)
        {
            errors["language"] = ["The language must be an ISO 639-1 code such as en, fr or es."];
        }

        if (fields.Year is { } year && (year < 1900 || year > currentYear + 1))
        {
            errors["year"] = [$"The year must be between 1900 and {currentYear + 1}."];
        }

        var fileName = SafeFileName.Create(fields.FileName, out var fileNameError);
        if (fileNameError is not null)
        {
            errors["fileName"] = [fileNameError];
        }

        var kind = FileKinds.Find(fields.ContentType);
        if (kind is null)
        {
            errors["contentType"] = [$"This type of file is not accepted. Accepted: {string.Join(", ", FileKinds.Allowed.Select(k => k.ContentType))}."];
        }
        else if (fileName is not null && !FileKinds.HasExtension(kind, fileName))
        {
            errors["fileName"] = [$"A file of type {kind.ContentType} must be named with one of: {string.Join(", ", kind.Extensions)}."];
        }

        if (fields.Size is not { } size || size < 1)
        {
            errors["size"] = ["The size in bytes of the file is required (at least 1)."];
        }
        else if (size > maxBytes)
        {
            errors["size"] = [$"The file may be at most {maxBytes} bytes."];
        }

        return errors.Count > 0
            ? null
            : new DocumentDraft(title!, description, topics, documentType!, country, language!, fields.Year, projectName, licence, fileName!, kind!, fields.Size!.Value);
    }

    public static string? NormalizeDocumentType(string? value)
    {
        var type = value?.Trim().ToLowerInvariant().Replace(' ', '-');
        return type is not null && DocumentTypes.Contains(type) ? type : null;
    }

    public static string? NormalizeLanguage(string? value)
    {
        var language = value?.Trim().ToLowerInvariant();
        return language is { Length: 2 } && language.All(char.IsAsciiLetterLower) ? language : null;
    }

    private static string? Text(string? value, int maxLength, string field, bool required, Dictionary<string, string[]> errors, bool multiline = false)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors[field] = ["This field is required."];
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            errors[field] = [$"At most {maxLength} characters."];
            return null;
        }

        if (text.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            errors[field] = ["Control characters are not allowed."];
            return null;
        }

        return text;
    }
}
