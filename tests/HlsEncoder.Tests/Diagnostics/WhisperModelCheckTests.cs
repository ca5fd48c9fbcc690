using HlsEncoder.Diagnostics;
using HlsEncoder.TestAssets;

namespace HlsEncoder.Tests.Diagnostics;

/// <summary>The model check against the tiny test model, missing files and a truncated one, chosen each way transcription chooses.</summary>
public sealed class WhisperModelCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-model-check-").FullName;
    private readonly string _cache;
    private readonly string _model;

    public WhisperModelCheckTests()
    {
        _cache = Directory.CreateDirectory(Path.Combine(_folder, "cache")).FullName;
        _model = Path.Combine(_folder, "tiny.bin");
        TinyWhisperModel.Write(_model, seed: 3);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_valid_model_file_passes_and_is_described()
    {
        var check = WhisperModelCheck.Run(_model, null, null, _cache);

        Assert.Equal((EnvironmentCheckNames.WhisperModel, EnvironmentCheckStatus.Passed, null), (check.Name, check.Status, check.Fix));
        Assert.Equal($"{_model} (chosen by -Model): a custom model, multilingual, f16 weights, {new FileInfo(_model).Length / (1024 * 1024.0):0} MiB.", check.Detail);
    }

    [Fact]
    public void The_default_model_in_the_cache_passes_when_nothing_is_set()
    {
        var cached = Path.Combine(_cache, "ggml-base.bin");
        File.Copy(_model, cached);

        var check = WhisperModelCheck.Run(null, null, null, _cache);

        Assert.Equal(EnvironmentCheckStatus.Passed, check.Status);
        Assert.StartsWith($"{cached} (chosen by default)", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void No_model_anywhere_fails_and_says_to_download_the_default_one()
    {
        var check = WhisperModelCheck.Run(null, null, null, _cache);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.Contains(Path.Combine(_cache, "ggml-base.bin"), check.Detail, StringComparison.Ordinal);
        Assert.StartsWith("Download it with: Save-WhisperModel -ModelName base (about 142 MiB).", check.Fix, StringComparison.Ordinal);
        Assert.Contains("-SkipModel", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_name_that_is_not_in_the_cache_names_the_download_of_that_model()
    {
        var check = WhisperModelCheck.Run(null, "Small.EN", null, _cache);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.Equal($"The model 'small.en' (-ModelName) is not in the model cache: {Path.Combine(_cache, "ggml-small.en.bin")} does not exist.", check.Detail);
        Assert.Equal("Download it with: Save-WhisperModel -ModelName small.en", check.Fix);
    }

    [Fact]
    public void A_setting_that_names_a_missing_file_says_to_fix_the_setting()
    {
        var missing = Path.Combine(_folder, "gone.bin");

        var check = WhisperModelCheck.Run(null, null, missing, _cache);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.Equal($"WHISPER_MODEL_PATH names the model file {missing}, which does not exist.", check.Detail);
        Assert.StartsWith("Set WHISPER_MODEL_PATH to an existing ggml model file", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_file_given_by_path_fails()
    {
        var missing = Path.Combine(_folder, "nope.bin");

        var check = WhisperModelCheck.Run(missing, null, null, _cache);

        Assert.Equal((EnvironmentCheckStatus.Failed, $"The model file {missing} (-Model) does not exist."), (check.Status, check.Detail));
        Assert.StartsWith("Pass -Model with the path of an existing ggml model file", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_model_in_the_cache_fails_and_says_to_download_it_again()
    {
        var bytes = File.ReadAllBytes(_model);
        File.WriteAllBytes(Path.Combine(_cache, "ggml-base.bin"), bytes[..(bytes.Length / 2)]);

        var check = WhisperModelCheck.Run(null, null, null, _cache);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.Contains("is not a usable Whisper ggml model", check.Detail, StringComparison.Ordinal);
        Assert.Contains("truncated", check.Detail, StringComparison.Ordinal);
        Assert.Equal("Download it again, replacing the broken file: Save-WhisperModel -ModelName base -Force", check.Fix);
    }

    [Fact]
    public void A_file_given_by_path_that_is_no_model_says_to_replace_it()
    {
        var page = Path.Combine(_folder, "ggml-small.bin");
        File.WriteAllText(page, "<!DOCTYPE html><html><body>Not found</body></html>");

        var check = WhisperModelCheck.Run(page, null, null, _cache);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.Contains("ggml magic", check.Detail, StringComparison.Ordinal);
        Assert.StartsWith($"Replace {page} (chosen by -Model) with a complete ggml model file", check.Fix, StringComparison.Ordinal);
    }
}
