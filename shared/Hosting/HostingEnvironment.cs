using Microsoft.Extensions.Configuration;

namespace CoP.Shared.Hosting;

/// <summary>
/// Whether the app runs on an Azure instance or somewhere else (Core Tools, the tests, a container on a laptop), for the
/// development conveniences that must be refused in Azure: the published sample keys, the local email outbox.
/// </summary>
/// <remarks>
/// The App Service platform, which runs every Functions plan, sets <c>WEBSITE_SITE_NAME</c> (the app's name) on each
/// instance, Flex Consumption included; Core Tools does not (it sets <c>WEBSITE_HOSTNAME=localhost:7071</c> and
/// <c>AZURE_FUNCTIONS_ENVIRONMENT=Development</c>, so neither of those can tell). <c>WEBSITE_INSTANCE_ID</c>, the usual
/// test, is set on App Service plans but not on Linux or Flex Consumption, so it only backs the site name up. The
/// environment name is not used: it is an app setting, and Development in Azure is one typo away.
/// </remarks>
public sealed class HostingEnvironment(bool runsInAzure)
{
    public const string SiteNameVariable = "WEBSITE_SITE_NAME";
    public const string InstanceIdVariable = "WEBSITE_INSTANCE_ID";

    /// <summary>True on an Azure instance.</summary>
    public bool RunsInAzure { get; } = runsInAzure;

    /// <summary>Reads the platform's variables from configuration (the host adds environment variables to it).</summary>
    public static HostingEnvironment From(IConfiguration configuration) =>
        new(!string.IsNullOrWhiteSpace(configuration[SiteNameVariable]) || !string.IsNullOrWhiteSpace(configuration[InstanceIdVariable]));
}
