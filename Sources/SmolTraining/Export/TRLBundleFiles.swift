/// The fixed files of a TRL bundle: pinned requirements, accelerate and DeepSpeed configs, the launcher
/// and the README. Versions are the ones the CPU cross-check ran with (scripts/bridge/requirements.txt).
public enum TRLBundleFiles {
    public static let trlVersion = "1.16.0"

    /// requirements.txt: the bundle's own pins (torch without a CPU/CUDA suffix: the cluster's index picks the build).
    public static let requirements = """
        # Pinned for this bundle (smol's cross-check ran these versions on the CPU).
        torch==2.13.0
        transformers==5.24.0
        trl==\(trlVersion)
        accelerate==1.16.0
        datasets==5.2.0
        safetensors==0.8.0
        tokenizers==0.23.3
        numpy==2.4.6
        # For ds_zero2.json / ds_zero3.json on GPUs (not needed on one device):
        # deepspeed==0.18.2

        """

    /// accelerate.yaml: one node, every GPU, data parallel (edit num_processes / num_machines for a cluster).
    public static let accelerateConfig = """
        compute_environment: LOCAL_MACHINE
        distributed_type: MULTI_GPU
        num_machines: 1
        num_processes: 8
        machine_rank: 0
        main_training_function: main
        mixed_precision: 'no'
        rdzv_backend: static
        same_network: true
        use_cpu: false

        """

    /// A DeepSpeed ZeRO config whose sizes follow the Trainer's arguments ("auto").
    public static func deepSpeed(stage: Int) -> String {
        let offload = stage == 3
            ? """
                  "stage3_gather_16bit_weights_on_model_save": true,
                  "stage3_param_persistence_threshold": "auto",
                  "stage3_prefetch_bucket_size": "auto",

              """
            : ""
        return """
            {
              "bf16": { "enabled": "auto" },
              "fp16": { "enabled": "auto" },
              "zero_optimization": {
                "stage": \(stage),
                "overlap_comm": true,
                "contiguous_gradients": true,
                "reduce_bucket_size": "auto",
            \(offload)    "allgather_partitions": true
              },
              "gradient_accumulation_steps": "auto",
              "gradient_clipping": "auto",
              "train_batch_size": "auto",
              "train_micro_batch_size_per_gpu": "auto"
            }

            """
    }

    /// launch.sh: a virtual environment beside the bundle from requirements.txt, then train.py.
    public static let launchScript = #"""
        #!/usr/bin/env bash
        # Creates .venv beside this file from requirements.txt (once), then runs train.py with its arguments.
        # On a GPU node: accelerate launch --config_file accelerate.yaml train.py --bf16 [--deepspeed ds_zero3.json]
        set -euo pipefail
        here="$(cd "$(dirname "$0")" && pwd)"
        if [ ! -x "$here/.venv/bin/python" ]; then
          python3 -m venv "$here/.venv"
          "$here/.venv/bin/python" -m pip install --quiet -r "$here/requirements.txt"
        fi
        exec "$here/.venv/bin/python" "$here/train.py" "$@"

        """#

    /// README.md: what the bundle is and how to launch it.
    public static func readme(_ recipe: TrainingRecipe) -> String {
        let what = recipe.method == .sft ? "SFTTrainer" : "DPOTrainer"
        return """
            # smol → TRL bundle (\(recipe.method.rawValue))

            Written by smol's `train.\(recipe.method.rawValue)(…, executor: "trl")`. It trains the recipe in `recipe.json`
            (\(recipe.settings.totalSteps) steps, batch \(recipe.batchSize), lr \(recipe.settings.learningRate)) with TRL's `\(what)`,
            starting from `model/`. Import the result into smol's ledger with `train.import("<output folder>")`:
            the model and its per-step metrics (loss, lr, grad_norm, tokens, …) then read like a local run's.

            ## Run

            One process (CPU or one GPU), smol's exact data order:

                ./launch.sh                       # makes .venv from requirements.txt, then python train.py
                python train.py --output output   # in an environment that already has the requirements

            One node, several GPUs (data parallel; TRL's own shuffled order, `--data-order trl`):

                accelerate launch --config_file accelerate.yaml train.py --bf16
                accelerate launch --config_file accelerate.yaml train.py --bf16 --deepspeed ds_zero2.json   # ZeRO-2
                accelerate launch --config_file accelerate.yaml train.py --bf16 --deepspeed ds_zero3.json   # ZeRO-3

            A Slurm cluster: one task per node running `accelerate launch --num_machines $SLURM_NNODES
            --machine_rank $SLURM_NODEID --main_process_ip <first node> --main_process_port 29500
            --num_processes <total GPUs> --config_file accelerate.yaml train.py --bf16 --deepspeed ds_zero3.json`.
            `batch_size` (\(recipe.batchSize)) is kept: train.py sets the accumulation steps to
            batch_size / (micro_batch × processes) and refuses a split that does not divide.
            Install `deepspeed` (commented in requirements.txt) for the ZeRO configs. Nothing is downloaded
            at run time besides the packages: the model and data are in this folder.

            The output folder (`output/` by default) holds the model (safetensors, sharded when large),
            the tokenizer and `trainer_state.json`.

            ## How smol's settings map onto TRL

            \(recipe.trlNotes.map { "- " + $0 }.joined(separator: "\n"))

            """
    }
}
