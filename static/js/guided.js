// The guided session (templates/programs/guided.html): one exercise at a time, a set counter,
// hold and rest timers, a one-tap log, then one save through the JSON endpoint.
//
// Everything the person has done is kept in localStorage at once, so a reload or a closed tab
// picks up where it stopped; a save without a connection waits in the outbox (outbox.js).
// Timers count down to a moment on the clock (Date.now), never by counting ticks, so they stay
// right after a reload or while the tab sleeps.
(() => {
  "use strict";

  const DIFFICULTY = {
    easy: "easy", moderate: "moderate", hard: "hard", could_not_finish: "could not finish",
  };
  const WARN_AT = 10; // seconds left when a long timer says so

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.querySelector("[data-guided]");
    if (!root) return;
    document.querySelectorAll("[data-guided-fallback]").forEach((node) => { node.hidden = true; });
    root.hidden = false;

    const steps = Array.from(root.querySelectorAll("[data-step]"));
    const summary = root.querySelector("[data-summary]");
    const saved = root.querySelector("[data-saved]");
    const live = root.querySelector("[data-announce]");
    const progress = root.querySelector("[data-progress]");
    const soundToggle = root.querySelector("[data-sound]");
    const storageKey = root.dataset.storageKey;
    const saveUrl = root.dataset.saveUrl;
    const outbox = window.valgusOutbox;

    const info = (step) => ({
      code: step.dataset.code,
      name: step.dataset.name,
      sets: Number(step.dataset.sets),
      reps: step.dataset.reps ? Number(step.dataset.reps) : null,
      hold: step.dataset.hold ? Number(step.dataset.hold) : null,
      perSide: step.dataset.perSide === "1",
      rest: Number(step.dataset.rest || 0),
    });
    const stepOf = (code) => steps.find((step) => step.dataset.code === code);

    // --- what is kept --------------------------------------------------------------------
    const fresh = () => ({ version: 1, step: 0, results: {}, sets: {}, different: {}, timer: null });
    let state = fresh();
    let restored = false;
    try {
      const kept = JSON.parse(localStorage.getItem(storageKey) || "null");
      if (kept && kept.version === 1) { state = { ...fresh(), ...kept }; restored = true; }
    } catch (error) { /* a broken entry starts afresh */ }
    const keep = () => { localStorage.setItem(storageKey, JSON.stringify(state)); };
    const forget = () => { localStorage.removeItem(storageKey); };

    // --- announcements, sound, screen ----------------------------------------------------
    const say = (text) => {
      live.textContent = "";
      // A new text node each time, so the same words are read again.
      window.setTimeout(() => { live.textContent = text; }, 50);
    };
    let audio = null;
    const soundOn = () => localStorage.getItem("valgus:guided:sound") === "1";
    soundToggle.checked = soundOn();
    soundToggle.addEventListener("change", () => {
      localStorage.setItem("valgus:guided:sound", soundToggle.checked ? "1" : "0");
      if (soundToggle.checked) wakeAudio();
    });
    const wakeAudio = () => {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!audio && Context && soundOn()) audio = new Context();
      if (audio && audio.state === "suspended") audio.resume();
    };
    const beep = () => {
      if (!audio || !soundOn()) return;
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.frequency.value = 880;
      volume.gain.setValueAtTime(0.2, audio.currentTime);
      volume.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.25);
      tone.connect(volume).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.25);
    };
    let wakeLock = null;
    const keepAwake = async () => {
      if (!("wakeLock" in navigator) || wakeLock || document.visibilityState !== "visible") return;
      try {
        wakeLock = await navigator.wakeLock.request("screen");
        wakeLock.addEventListener("release", () => { wakeLock = null; });
      } catch (error) { wakeLock = null; /* not allowed here: the screen may sleep */ }
    };
    const letSleep = () => { if (wakeLock) wakeLock.release(); wakeLock = null; };
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && state.step < steps.length) keepAwake();
    });

    // --- the set counter and the timers ----------------------------------------------------
    const counter = (code) => {
      if (!state.sets[code]) state.sets[code] = { set: 1, side: 1, rep: 1, phase: "ready" };
      if (!state.sets[code].rep) state.sets[code].rep = 1;
      return state.sets[code];
    };
    const clockText = (seconds) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    const remaining = () => Math.max(0, Math.ceil((state.timer.endsAt - Date.now()) / 1000));

    const drawTimer = (step) => {
      const item = info(step);
      const count = counter(item.code);
      const timer = state.timer && state.timer.code === item.code ? state.timer : null;
      const setLine = step.querySelector("[data-set-line]");
      const clock = step.querySelector("[data-clock]");
      const startHold = step.querySelector('[data-action="start-hold"]');
      const setDone = step.querySelector('[data-action="set-done"]');
      const repHold = step.querySelector('[data-action="rep-hold"]');
      const repsWithHold = Boolean(item.reps && item.hold);
      const skip = step.querySelector('[data-action="skip-timer"]');
      const side = item.perSide && item.hold ? (count.side === 1 ? ", first side" : ", other side") : "";
      if (count.phase === "finished") setLine.textContent = `All ${item.sets} sets done`;
      else if (timer && timer.kind === "rest") setLine.textContent = `Rest, then set ${count.set} of ${item.sets}`;
      else if (repsWithHold) {
        const repSide = item.perSide ? (count.side === 1 ? ", first side" : ", other side") : "";
        setLine.textContent = `Set ${count.set} of ${item.sets}: rep ${count.rep} of ${item.reps}${repSide}`;
      } else setLine.textContent = `Set ${count.set} of ${item.sets}${side}`;
      clock.hidden = !timer;
      if (timer) clock.textContent = clockText(remaining());
      clock.classList.toggle("guided-clock-rest", Boolean(timer && timer.kind === "rest"));
      skip.hidden = !timer;
      if (timer) skip.textContent = timer.kind === "rest" ? "Skip the rest" : "End the hold now";
      if (startHold) {
        startHold.hidden = Boolean(timer) || count.phase === "finished";
        startHold.textContent = count.side === 2 ? "Start the other side" : "Start the hold";
      }
      if (setDone) setDone.hidden = Boolean(timer) || count.phase === "finished";
      if (repHold) repHold.hidden = Boolean(timer) || count.phase === "finished";
    };

    let ticking = null;
    const tick = () => {
      if (!state.timer) { window.clearInterval(ticking); ticking = null; return; }
      const left = remaining();
      const step = stepOf(state.timer.code);
      if (left <= 0) { finishTimer(); return; }
      if (left <= WARN_AT && state.timer.total >= 2 * WARN_AT && !state.timer.warned) {
        state.timer.warned = true;
        keep();
        say(`${WARN_AT} seconds left.`);
      }
      if (step) drawTimer(step);
    };
    const run = () => { if (!ticking) ticking = window.setInterval(tick, 250); };

    const startTimer = (code, kind, seconds) => {
      state.timer = { code, kind, total: seconds, endsAt: Date.now() + seconds * 1000, warned: false };
      keep();
      drawTimer(stepOf(code));
      run();
    };

    const completeSet = (code) => {
      const item = info(stepOf(code));
      const count = counter(code);
      count.side = 1;
      count.rep = 1;
      if (count.set >= item.sets) {
        count.phase = "finished";
        state.timer = null;
        keep();
        say(`All ${item.sets} sets done. How did it go?`);
        beep();
      } else {
        count.set += 1;
        count.phase = "rest";
        if (item.rest > 0) {
          say(`Set ${count.set - 1} done. Rest ${item.rest} seconds.`);
          startTimer(code, "rest", item.rest);
          return;
        }
        count.phase = "ready";
        keep();
        say(`Set ${count.set} of ${item.sets}.`);
      }
      drawTimer(stepOf(code));
    };

    const finishTimer = (early = false) => {
      const timer = state.timer;
      if (!timer) return;
      const step = stepOf(timer.code);
      const item = info(step);
      const count = counter(timer.code);
      state.timer = null;
      if (!early) beep();
      if (timer.kind === "rep") {
        if (count.rep < item.reps) {
          count.rep += 1;
          keep();
          say(`Relax. Rep ${count.rep} of ${item.reps}.`);
          drawTimer(step);
          return;
        }
        if (item.perSide && count.side === 1) {
          count.side = 2;
          count.rep = 1;
          keep();
          say("Now the other side.");
          drawTimer(step);
          return;
        }
        completeSet(timer.code);
        return;
      }
      if (timer.kind === "hold") {
        if (item.perSide && count.side === 1) {
          count.side = 2;
          keep();
          say("Hold done. Now the other side.");
          drawTimer(step);
          return;
        }
        say("Hold done.");
        completeSet(timer.code);
        return;
      }
      count.phase = "ready";
      keep();
      say(`Rest over. Set ${count.set} of ${item.sets}.`);
      drawTimer(step);
    };

    // --- what was done -------------------------------------------------------------------
    const chosen = (step, field) => {
      const input = step.querySelector(`input[name="${step.dataset.code}-${field}"]:checked`);
      return input ? input.value : null;
    };
    const showError = (step, field, message) => {
      const box = step.querySelector(`[data-error="${field}"]`);
      if (!box) return false;
      box.textContent = message;
      box.hidden = !message;
      return true;
    };
    const clearErrors = (step) => {
      step.querySelectorAll("[data-error]").forEach((box) => { box.textContent = ""; box.hidden = true; });
    };
    const number = (step, name) => {
      const input = step.querySelector(`input[name="${name}"]`);
      if (!input) return null;
      const value = input.value.trim();
      return value === "" ? NaN : Number(value);
    };

    const setDifferent = (step, on) => {
      state.different[step.dataset.code] = on;
      step.querySelector("[data-different]").hidden = !on;
      step.querySelector('[data-action="done"]').textContent = on ? "Save what I did" : "Done as prescribed";
      step.querySelector('[data-action="different"]').textContent = on ? "I did it as prescribed" : "I did something different";
    };

    const record = (step) => {
      const item = info(step);
      clearErrors(step);
      const pain = chosen(step, "pain_during");
      const difficulty = chosen(step, "difficulty");
      let ok = true;
      if (pain === null) { showError(step, "pain_during", "Tap your pain during this exercise, 0 to 10."); ok = false; }
      if (difficulty === null) { showError(step, "difficulty", "Tap how hard it felt."); ok = false; }
      const result = {
        status: "done",
        sets_done: item.sets,
        reps_done: item.reps,
        hold_seconds_done: item.reps === null ? item.hold : null,
        pain_during: pain === null ? null : Number(pain),
        difficulty,
      };
      if (state.different[item.code]) {
        result.status = "different";
        const limits = { sets_done: 20, reps_done: 200, hold_seconds_done: 600 };
        const fields = ["sets_done", item.reps === null ? "hold_seconds_done" : "reps_done"];
        fields.forEach((field) => {
          const value = number(step, field);
          if (!Number.isInteger(value) || value < 0 || value > limits[field]) {
            showError(step, field, `Enter a whole number from 0 to ${limits[field]}.`);
            ok = false;
          } else {
            result[field] = value;
          }
        });
      }
      if (!ok) {
        const first = step.querySelector("[data-error]:not([hidden])");
        const field = first && first.closest("fieldset, .col-6");
        const target = field && field.querySelector("input");
        if (target) target.focus();
        say("Some answers need a look.");
        return;
      }
      state.results[item.code] = result;
      go(state.step + 1);
    };

    const restoreStep = (step) => {
      const code = step.dataset.code;
      const result = state.results[code];
      if (result && result.status !== "skipped") {
        ["pain_during", "difficulty"].forEach((field) => {
          const input = step.querySelector(`input[name="${code}-${field}"][value="${result[field]}"]`);
          if (input) input.checked = true;
        });
        if (result.status === "different") {
          ["sets_done", "reps_done", "hold_seconds_done"].forEach((field) => {
            const input = step.querySelector(`input[name="${field}"]`);
            if (input && result[field] !== null && result[field] !== undefined) input.value = result[field];
          });
        }
      }
      setDifferent(step, Boolean(state.different[code]));
      drawTimer(step);
    };

    // Choices are kept as they are tapped, so a reload keeps them too.
    steps.forEach((step) => {
      step.addEventListener("change", (event) => {
        const code = step.dataset.code;
        const input = event.target;
        if (input.type !== "radio") return;
        const field = input.name.slice(code.length + 1);
        const draft = state.results[code] && state.results[code].status !== "skipped" ? state.results[code] : { status: "draft" };
        draft[field] = field === "pain_during" ? Number(input.value) : input.value;
        state.results[code] = draft;
        showError(step, field, "");
        keep();
      });
    });

    // --- moving between steps --------------------------------------------------------------
    const summaryLine = (step) => {
      const item = info(step);
      const result = state.results[item.code];
      const line = document.createElement("li");
      line.className = "py-2 border-bottom d-flex flex-wrap justify-content-between gap-2";
      const text = document.createElement("span");
      const name = document.createElement("span");
      name.className = "fw-semibold";
      name.textContent = item.name;
      let what;
      if (!result || result.status === "draft") what = "not done yet";
      else if (result.status === "skipped") what = "skipped";
      else {
        const amount = result.reps_done !== null && result.reps_done !== undefined
          ? `${result.sets_done} × ${result.reps_done}` : `${result.sets_done} × ${result.hold_seconds_done} s`;
        const how = result.status === "done" ? "as prescribed" : amount;
        what = `${how}, pain ${result.pain_during}/10, ${DIFFICULTY[result.difficulty] || result.difficulty}`;
      }
      text.append(name, `: ${what}`);
      const change = document.createElement("button");
      change.type = "button";
      change.className = "btn btn-link btn-sm p-0";
      change.textContent = "Change";
      change.setAttribute("aria-label", `Change ${item.name}`);
      change.addEventListener("click", () => go(steps.indexOf(step)));
      line.append(text, change);
      return line;
    };

    const show = (node, focus) => {
      steps.forEach((step) => { step.hidden = step !== node; });
      summary.hidden = summary !== node;
      saved.hidden = saved !== node;
      root.querySelector("[data-toolbar]").hidden = saved === node;
      if (saved === node || summary === node) root.querySelector("[data-restored]").hidden = true;
      if (focus) {
        const heading = node.querySelector("h2");
        if (heading) heading.focus();
      }
    };

    const go = (index, focus = true) => {
      state.step = Math.max(0, Math.min(index, steps.length));
      keep();
      if (state.step < steps.length) {
        const step = steps[state.step];
        progress.textContent = `Exercise ${state.step + 1} of ${steps.length}`;
        restoreStep(step);
        show(step, focus);
      } else {
        progress.textContent = "Nearly done: check and save";
        root.querySelector("[data-summary-list]").replaceChildren(...steps.map(summaryLine));
        root.querySelector("[data-save-error]").hidden = true;
        show(summary, focus);
      }
    };

    // --- saving ----------------------------------------------------------------------------
    const entries = () => steps
      .map((step) => [step.dataset.code, state.results[step.dataset.code]])
      .filter(([, result]) => result && (result.status === "done" || result.status === "different"))
      .map(([code, result]) => ({
        code,
        sets_done: result.sets_done,
        reps_done: result.reps_done,
        hold_seconds_done: result.hold_seconds_done,
        pain_during: result.pain_during,
        difficulty: result.difficulty,
      }));

    const showSaved = (answer) => {
      root.querySelector("[data-saved-title]").textContent = "Saved";
      root.querySelector("[data-saved-message]").textContent = answer.saved || "Saved your session.";
      const notes = [...(answer.changes || []), ...(answer.flags || [])].map((text) => {
        const line = document.createElement("li");
        line.textContent = text;
        return line;
      });
      root.querySelector("[data-saved-notes]").replaceChildren(...notes);
      const next = (answer.next_time || []).map((item) => {
        const line = document.createElement("li");
        const name = document.createElement("span");
        name.className = "fw-semibold";
        name.textContent = item.name;
        line.append(name, `. ${item.text}`);
        return line;
      });
      root.querySelector("[data-next-time]").replaceChildren(...next);
      show(saved, true);
      say(answer.saved || "Saved.");
      letSleep();
    };

    const showWaiting = () => {
      root.querySelector("[data-saved-title]").textContent = "Kept in this browser";
      root.querySelector("[data-saved-message]").textContent = navigator.onLine
        ? "Not saved yet: it is sent as soon as the server answers. You can close this page."
        : "No connection: your session is kept in this browser and sent when you are back online. You can close this page.";
      root.querySelector("[data-saved-notes]").replaceChildren();
      root.querySelector("[data-next-time]").replaceChildren();
      show(saved, true);
      say("Not saved yet: kept in this browser until the connection returns.");
    };

    const queue = (body) => {
      const id = outbox.add({ url: saveUrl, body, label: `Session of ${root.dataset.dayName}` });
      state = { ...fresh(), queued: id, step: steps.length + 1 };
      keep();
      showWaiting();
    };

    const fieldErrors = (answer, body) => {
      let first = null;
      steps.forEach(clearErrors);
      (answer.errors || []).forEach((error) => {
        const [, index, field] = error.loc || [];
        const entry = typeof index === "number" ? body.entries[index] : null;
        const step = entry ? stepOf(entry.code) : null;
        if (step && showError(step, field, error.msg) && first === null) first = steps.indexOf(step);
      });
      return first;
    };

    const save = async () => {
      const body = { entries: entries() };
      const problem = root.querySelector("[data-save-error]");
      if (!body.entries.length) {
        problem.textContent = "Log at least one exercise, or come back when you have done some.";
        problem.hidden = false;
        return;
      }
      if (!navigator.onLine) { queue(body); return; }
      let response;
      try {
        response = await outbox.post(saveUrl, body);
      } catch (error) {
        queue(body);
        return;
      }
      let answer = {};
      try { answer = await response.json(); } catch (error) { answer = {}; }
      if (response.ok) {
        forget();
        state = fresh();
        showSaved(answer);
      } else if (response.status === 422) {
        const first = fieldErrors(answer, body);
        if (first !== null) {
          go(first);
          say("Some answers need a look.");
        } else {
          problem.textContent = (answer.errors && answer.errors[0] && answer.errors[0].msg) || answer.detail;
          problem.hidden = false;
        }
      } else if (response.status >= 500 || response.status === 401 || response.status === 403) {
        queue(body);
      } else {
        problem.textContent = answer.detail || "This session could not be saved.";
        problem.hidden = false;
      }
    };

    document.addEventListener("valgus:outbox-sent", (event) => {
      if (state.queued && event.detail.item.id === state.queued) {
        forget();
        state = fresh();
        showSaved(event.detail.answer);
      }
    });
    document.addEventListener("valgus:outbox-refused", (event) => {
      if (state.queued && event.detail.item.id === state.queued) {
        root.querySelector("[data-saved-title]").textContent = "Not saved";
        root.querySelector("[data-saved-message]").textContent = event.detail.answer.detail || "The server refused this session.";
      }
    });

    // --- the buttons -----------------------------------------------------------------------
    root.addEventListener("click", (event) => {
      const button = event.target.closest("[data-action]");
      if (!button) return;
      const step = button.closest("[data-step]");
      const code = step ? step.dataset.code : null;
      wakeAudio();
      keepAwake();
      switch (button.dataset.action) {
        case "start-hold": {
          const item = info(step);
          counter(code).phase = "hold";
          say(`Hold for ${item.hold} seconds${item.perSide ? (counter(code).side === 1 ? ", first side" : ", other side") : ""}.`);
          startTimer(code, "hold", item.hold);
          break;
        }
        case "set-done": completeSet(code); break;
        case "rep-hold": startTimer(code, "rep", info(step).hold); say(`Hold ${info(step).hold} seconds.`); break;
        case "skip-timer": finishTimer(true); break;
        case "done": record(step); break;
        case "different": setDifferent(step, !state.different[code]); keep(); break;
        case "skip":
          clearErrors(step);
          state.results[code] = { status: "skipped" };
          go(state.step + 1);
          break;
        case "back": go(state.step - 1); break;
        case "save": button.disabled = true; save().finally(() => { button.disabled = false; }); break;
        default: break;
      }
    });

    // --- start ---------------------------------------------------------------------------
    if (state.queued) {
      if (outbox.has(state.queued)) showWaiting();
      else { forget(); state = fresh(); go(0, false); }
    } else {
      go(state.step, false);
      if (restored && (state.step > 0 || Object.keys(state.results).length)) {
        root.querySelector("[data-restored]").hidden = false;
      }
    }
    if (state.timer) { drawTimer(stepOf(state.timer.code) || steps[0]); run(); }
  });
})();
