using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Storage;

/// <summary>Fails start-up with a message that names the app setting to fix.</summary>
public sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!options.UsesConnectionString)
        {
            if (options.BlobServiceUri is null || options.TableServiceUri is null || options.QueueServiceUri is null)
            {
                failures.Add(
                    "Storage is not configured: set Storage__ConnectionString (e.g. UseDevelopmentStorage=true for Azurite), " +
                    "or Storage__BlobServiceUri, Storage__TableServiceUri and Storage__QueueServiceUri for identity-based access.");
            }
            else
            {
                RequireAbsoluteHttpUri(options.BlobServiceUri, "Storage__BlobServiceUri", failures);
                RequireAbsoluteHttpUri(options.TableServiceUri, "Storage__TableServiceUri", failures);
                RequireAbsoluteHttpUri(options.QueueServiceUri, "Storage__QueueServiceUri", failures);
            }
        }

        if (!ResourcePrefixPattern().IsMatch(options.ResourcePrefix))
        {
            failures.Add("Storage__ResourcePrefix must be empty or 1-16 lowercase letters and digits starting with a letter.");
        }

        if (options.NetworkTimeout <= TimeSpan.Zero || options.NetworkTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add("Storage__NetworkTimeout must be a positive time span of at most 00:10:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireAbsoluteHttpUri(Uri uri, string setting, List<string> failures)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{setting} must be an absolute http(s) URI.");
        }
    }

    [GeneratedRegex("^(|[a-z][a-z0-9]{0,15})$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourcePrefixPattern();
}
