using FFMpegCore;
using FFMpegCore.Arguments;

namespace HlsEncoder.ExternalTools;

/// <summary>
/// Hands FFMpegCore arguments that are already complete and quoted. Its own file arguments quote a
/// path without escaping, which a name containing a double quote would break.
/// </summary>
internal sealed class RawArguments(IEnumerable<string> arguments) : IInputArgument, IOutputArgument
{
    public string Text { get; } = CommandLine.Join(arguments);

    public void Pre(FFOptions options)
    {
    }

    public Task During(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public void Post()
    {
    }
}
