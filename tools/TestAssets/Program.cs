using System.Diagnostics;
using System.Globalization;
using HlsEncoder.TestAssets;

const string Usage = "usage: TestAssets tiny-model <path> [--seed N] [--shape tiny|base]";

if (args is not ["tiny-model", var path, .. var options] || !TryReadOptions(options, out int seed, out var shape))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var stopwatch = Stopwatch.StartNew();
TinyWhisperModel.Write(path, seed, shape);
Console.WriteLine($"{Path.GetFullPath(path)}: {new FileInfo(path).Length} bytes, seed {seed}, {stopwatch.ElapsedMilliseconds} ms");
return 0;

static bool TryReadOptions(string[] options, out int seed, out WhisperHyperParameters shape)
{
    seed = 1;
    shape = WhisperHyperParameters.Tiny;
    for (var i = 0; i < options.Length; i += 2)
    {
        if (i + 1 >= options.Length)
        {
            return false;
        }

        switch (options[i], options[i + 1])
        {
            case ("--seed", var value) when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed):
                break;
            case ("--shape", "tiny"):
                break;
            case ("--shape", "base"):
                shape = WhisperHyperParameters.Base;
                break;
            default:
                return false;
        }
    }

    return true;
}
