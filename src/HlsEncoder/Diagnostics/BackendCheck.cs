using System.Globalization;
using HlsEncoder.Backend;
using HlsEncoder.Configuration;

namespace HlsEncoder.Diagnostics;

/// <summary>
/// The backend and the token, with the one request of Test-BackendConnection
/// (<see cref="BackendClient.TestConnectionAsync"/>): reachable, and the token valid and an admin's.
/// Settings that cannot make a client are a failed check too, never an exception.
/// </summary>
public static class BackendCheck
{
    /// <summary>A token that expires sooner than this is a warning: a publish of a long video could outlive it.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromHours(1);

    private const string NewToken = "Get a new admin token from the course platform's admin panel and set AUTH_TOKEN (environment or .env file), or pass -Token (SecureString) or -Credential.";

    /// <summary>The check when the settings cannot make a backend client (BACKEND_URL or AUTH_TOKEN missing or malformed).</summary>
    /// <param name="problem">What is wrong, as the settings say it (each problem with its own fix).</param>
    public static EnvironmentCheck NotConfigured(string problem) =>
        EnvironmentCheck.Failed(EnvironmentCheckNames.Backend, $"The backend settings are unusable: {problem}",
            $"Set {SettingNames.BackendUrl} and {SettingNames.AuthToken} as the detail says (in the environment or a .env file, or with -BackendUrl and -Token or -Credential); Get-HlsEncoderConfiguration then shows each setting, where it came from and any problem left.");

    public static async Task<EnvironmentCheck> RunAsync(BackendClient backend, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        time ??= TimeProvider.System;
        var result = await backend.TestConnectionAsync(cancellationToken).ConfigureAwait(false);
        var url = result.BackendUrl ?? backend.Options.BaseUrl.ToString();
        if (result.Status == BackendConnectionStatus.Connected)
        {
            var latency = result.Latency is { } elapsed ? $" in {elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms" : string.Empty;
            var detail = $"{url} answered{latency} and accepts the token of {result.User} ({result.User?.Role ?? "admin"}).";
            if (result.TokenExpiresAt is { } expires && expires - time.GetUtcNow() < ExpiryWarning)
            {
                return EnvironmentCheck.Warning(EnvironmentCheckNames.Backend,
                    $"{detail} The token expires at {expires.ToString("u", CultureInfo.InvariantCulture)}, in less than {ExpiryWarning.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} minutes: a long publish would fail when it does.",
                    $"Before a long run: {NewToken}");
            }

            return EnvironmentCheck.Passed(EnvironmentCheckNames.Backend, detail);
        }

        var fix = result.Status switch
        {
            BackendConnectionStatus.Unauthorized => NewToken,
            BackendConnectionStatus.Forbidden => $"Use an admin's token: sign in to the admin panel as an admin and set {SettingNames.AuthToken} to that account's token (or pass -Token or -Credential).",
            BackendConnectionStatus.Unreachable => $"Check that {SettingNames.BackendUrl} ({url}) is the backend's address, that the backend is up, and that this machine can reach it (DNS, proxy, firewall).",
            BackendConnectionStatus.TimedOut => $"Check the backend's health and this machine's route to {url}; if it is only slow, raise {SettingNames.RequestTimeoutSeconds}.",
            BackendConnectionStatus.ServerError => "The backend is failing: run this check again in a few minutes, and tell the platform's operators if it keeps failing.",
            _ => $"Check that {SettingNames.BackendUrl} ({url}) is the course platform's API (not its web site) and that {SettingNames.AuthValidateEndpoint} is its token route (default /api/v1/admin/auth/me).",
        };
        return EnvironmentCheck.Failed(EnvironmentCheckNames.Backend, $"{result.Status}: {result.Message}", fix);
    }
}
