/* Deck runtime, inlined into deck.html: main.deck > section.slide in -> a keyboard/touch presentation,
 * an overview grid, a synced presenter window and a URL hash that follows the slide. Plain
 * browser JavaScript, no dependencies, no network. Styles live in frame.css. */
(function () {
  'use strict';

  var W = 1280,
    H = 720; // the design canvas every slide is drawn for
  var MSG = 'assemblea-deck'; // tags our postMessage traffic between the two windows
  var root = document.documentElement;
  var deck = document.querySelector('.deck');
  if (!deck) return;
  var slides = [].filter.call(deck.children, function (s) {
    return s.classList.contains('slide');
  });
  if (!slides.length) return;

  // Without this class the CSS keeps every slide visible, stacked: the deck stays readable with JS off.
  root.classList.add('js');
  deck.tabIndex = -1; // the skip link's target must be focusable

  var isPresenter = /(^|[?&])vista=relatore(&|$)/.test(location.search);
  var counter = document.querySelector('.deck-counter');
  var bar = document.querySelector('.deck-progress-bar');
  var index = -1;
  var partner = null; // the other window: the presenter view, or (in the presenter view) the audience window
  var overview = null; // { sel, cols } while the overview grid is open
  var digits = '',
    digitsTimer = 0;
  var help = null,
    view = null; // built on first use / in the presenter window only

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // The counter shows "7 / 27"; screen readers hear the slide's own label ("7 di 27: Storico tesseramento").
  var counterText = el('span', 'deck-counter-text'),
    counterLabel = el('span', 'deck-visually-hidden');
  counterText.setAttribute('aria-hidden', 'true');
  if (counter) {
    counter.textContent = '';
    counter.appendChild(counterText);
    counter.appendChild(counterLabel);
  }

  function label(i) {
    return slides[i].getAttribute('aria-label') || `${i + 1} di ${slides.length}`;
  }
  function hashFor(i) {
    return slides[i].id || String(i + 1);
  }

  function indexFromHash() {
    var h;
    try {
      h = decodeURIComponent(location.hash.slice(1));
    } catch {
      return -1;
    }
    if (/^\d+$/.test(h)) return Math.min(+h, slides.length) - 1; // "#7" also works, for people typing URLs
    for (var k = 0; k < slides.length; k++) if (h && slides[k].id === h) return k;
    return -1;
  }

  // --- navigation ---------------------------------------------------------------------------

  function go(i, from) {
    i = Math.max(0, Math.min(slides.length - 1, i));
    if (i === index) return;
    index = i;
    paint();
    showCounter();
    if (bar) bar.style.width = `${((i + 1) / slides.length) * 100}%`;
    if (view) updatePresenter();
    var h = `#${hashFor(i)}`;
    if (from !== 'hash' && location.hash !== h) {
      // A new history entry per slide makes back/forward walk the slides; the first one replaces.
      if (from === 'init') location.replace(h);
      else location.hash = h;
    }
    if (!overview) deck.scrollTop = deck.scrollLeft = 0; // the fragment scroll must not shift the stage
    if (from !== 'partner') tell({ type: MSG, index: i });
  }

  function step(d) {
    go(index + d);
  }

  // Printing shows every slide, so every slide must be in the document the printer tags (a PDF
  // keeps aria-hidden slides out of its structure and bookmarks).
  var printing = false;
  window.addEventListener('beforeprint', function () {
    printing = true;
    paint();
  });
  window.addEventListener('afterprint', function () {
    printing = false;
    paint();
  });

  // Only the current slide is visible and reachable by assistive tech, except in the overview.
  function paint() {
    slides.forEach(function (s, k) {
      var on = printing || !!overview || k === index;
      s.classList.toggle('is-current', k === index);
      s.classList.toggle('is-selected', !!overview && k === overview.sel);
      if (on) {
        s.removeAttribute('aria-hidden');
        s.removeAttribute('inert');
      } else {
        s.setAttribute('aria-hidden', 'true');
        s.setAttribute('inert', '');
      }
      if (overview) s.tabIndex = k === overview.sel ? 0 : -1;
      else s.removeAttribute('tabindex');
    });
  }

  // Each slide writes its own number in its footer, so on screen the counter is not a second one: it shows
  // only what the keys are doing (a number being typed, a message) and in the overview; screen readers
  // still hear each slide's label from it.
  var quietTimer = 0;
  function showCounter(text) {
    counterText.textContent = text || `${index + 1} / ${slides.length}`;
    counterLabel.textContent = text || label(index);
    if (!counter) return;
    clearTimeout(quietTimer);
    if (!text) {
      counter.classList.add('is-quiet');
      return;
    }
    counter.classList.remove('is-quiet');
    quietTimer = setTimeout(function () {
      counter.classList.add('is-quiet');
    }, 4000);
  }

  // --- scaling: each stage gets --deck-scale so that 1280x720 fits it, letterboxed ------------

  var nextStage = null;
  function fitBox(box) {
    var s = Math.min(box.clientWidth / W, box.clientHeight / H);
    if (s > 0) box.style.setProperty('--deck-scale', String(s));
  }
  function fit() {
    fitBox(deck);
    if (nextStage) fitBox(nextStage);
    if (overview) {
      // Must match the overview's padding and gap in frame.css.
      var pad = 24,
        gap = 16,
        width = deck.clientWidth - 2 * pad;
      var cols = Math.max(2, Math.min(6, Math.round(width / 320)));
      overview.cols = cols;
      deck.style.setProperty('--thumb-cols', String(cols));
      deck.style.setProperty('--thumb-scale', String(Math.floor((width - gap * (cols - 1)) / cols) / W));
    }
  }

  // --- overview -------------------------------------------------------------------------------

  function openOverview() {
    overview = { sel: index, cols: 4 };
    root.classList.add('is-overview');
    fit();
    paint();
    select(index);
  }

  function closeOverview(target) {
    overview = null;
    root.classList.remove('is-overview');
    paint();
    if (target != null) go(target);
    deck.focus({ preventScroll: true });
    deck.scrollTop = deck.scrollLeft = 0;
  }

  function select(i) {
    overview.sel = Math.max(0, Math.min(slides.length - 1, i));
    paint();
    var s = slides[overview.sel];
    s.focus({ preventScroll: true });
    s.scrollIntoView({ block: 'nearest' });
  }

  // --- presenter window -----------------------------------------------------------------------

  function tell(msg) {
    if (partner && !partner.closed) {
      try {
        partner.postMessage(msg, '*');
      } catch {
        /* window gone */
      }
    }
  }

  // file:// pages have an opaque origin, so '*' is the only usable target; we accept only our own
  // message shape, and in the presenter view only from the window that opened it.
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || d.type !== MSG || !e.source || e.source === window) return;
    if (isPresenter) {
      if (e.source !== window.opener) return;
    } else partner = e.source; // after a reload the audience window learns the presenter window again
    if (typeof d.index === 'number') go(d.index, 'partner');
  });

  function openPresenter() {
    if (partner && !partner.closed) {
      partner.focus();
      return;
    }
    var url = `${location.href.split('#')[0].split('?')[0]}?vista=relatore#${hashFor(index)}`;
    var w = window.open(url, 'assemblea-relatore', 'width=1280,height=800');
    if (w) partner = w;
    else flash('Il browser ha bloccato la finestra del relatore: consenti i popup per questo file.');
  }

  function flash(text) {
    showCounter(text);
    setTimeout(function () {
      showCounter();
    }, 4000);
  }

  function buildPresenter() {
    root.classList.add('is-presenter');
    document.title = `Relatore – ${document.title}`;
    var box = el('div', 'presenter'),
      main = el('div', 'presenter-main'),
      side = el('div', 'presenter-side');
    var top = el('div', 'presenter-bar'),
      times = el('div', 'presenter-times');
    view = {
      section: el('span', 'presenter-section'),
      counter: el('span', 'presenter-counter'),
      timer: el('span', 'presenter-timer'),
      clock: el('span', 'presenter-clock'),
      notes: el('div', 'presenter-notes'),
      start: Date.now(),
    };
    var reset = el('button', 'presenter-reset', 'Azzera');
    reset.type = 'button';
    reset.addEventListener('click', function () {
      view.start = Date.now();
      remember();
      tick();
      reset.blur(); // so that Space goes back to moving slides
    });
    nextStage = el('div', 'presenter-next');
    nextStage.addEventListener('click', function () {
      step(1);
    });
    top.appendChild(view.section);
    top.appendChild(view.counter);
    times.appendChild(view.timer);
    times.appendChild(reset);
    times.appendChild(view.clock);
    deck.parentNode.insertBefore(box, deck);
    main.appendChild(top);
    main.appendChild(deck);
    main.appendChild(times);
    side.appendChild(el('h2', 'presenter-label', 'Successiva'));
    side.appendChild(nextStage);
    side.appendChild(el('h2', 'presenter-label', 'Note'));
    side.appendChild(view.notes);
    box.appendChild(main);
    box.appendChild(side);

    // The timer survives a reload of this window (sessionStorage is per window, and works on file://).
    try {
      view.start = +sessionStorage.getItem(`${MSG}-start`) || view.start;
    } catch {
      /* storage off */
    }
    remember();
    tick();
    setInterval(tick, 1000);

    partner = window.opener;
    // Lets a reloaded audience window find this one again; carries no slide, so it moves nothing.
    tell({ type: MSG });
    setInterval(function () {
      tell({ type: MSG });
    }, 2000);
  }

  function remember() {
    try {
      sessionStorage.setItem(`${MSG}-start`, String(view.start));
    } catch {
      /* storage off */
    }
  }

  function two(n) {
    return (n < 10 ? '0' : '') + n;
  }
  function tick() {
    var s = Math.floor((Date.now() - view.start) / 1000),
      h = Math.floor(s / 3600);
    view.timer.textContent = `${(h ? `${h}:` : '') + two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
    var now = new Date();
    view.clock.textContent = `ore ${two(now.getHours())}:${two(now.getMinutes())}`;
  }

  function updatePresenter() {
    var s = slides[index];
    view.section.textContent = s.getAttribute('data-section') || '';
    view.counter.textContent = `${index + 1} / ${slides.length}`;
    nextStage.textContent = '';
    var n = slides[index + 1];
    nextStage.appendChild(n ? preview(n) : el('p', 'presenter-end', 'Fine della presentazione'));
    view.notes.textContent = '';
    var notes = s.querySelector('.notes');
    if (notes?.childNodes.length) {
      [].forEach.call(notes.childNodes, function (x) {
        view.notes.appendChild(x.cloneNode(true));
      });
    } else {
      view.notes.appendChild(el('p', 'presenter-empty', 'Nessuna nota per questa diapositiva.'));
    }
  }

  // A copy of a slide for the "next" box. Its ids get a suffix, and references to them follow: a
  // chart's url(#clip) would otherwise reach the original, hidden slide's clip path and draw nothing.
  function preview(slide) {
    var c = slide.cloneNode(true),
      renamed = {};
    c.removeAttribute('id'); // the hash names only the real slide
    c.classList.remove('is-current', 'is-selected');
    c.setAttribute('aria-hidden', 'true');
    c.setAttribute('inert', '');
    [].forEach.call(c.querySelectorAll('[id]'), function (e) {
      renamed[e.id] = true;
      e.id += '--prossima';
    });
    [].forEach.call(c.querySelectorAll('*'), function (e) {
      [].forEach.call(e.attributes, function (a) {
        var v = a.value.replace(/url\((['"]?)#([^'")]+)\1\)/g, function (m, q, id) {
          return renamed[id] ? `url(${q}#${id}--prossima${q})` : m;
        });
        if (/href$/.test(a.name) && v.charAt(0) === '#' && renamed[v.slice(1)]) v += '--prossima';
        if (v !== a.value) a.value = v;
      });
    });
    return c;
  }

  // --- help, full screen ----------------------------------------------------------------------

  // [X] is shown as a key.
  var KEYS = [
    ['[→] [↓] [Spazio] [PagGiù]', 'diapositiva successiva'],
    ['[←] [↑] [Maiusc]+[Spazio] [PagSu]', 'diapositiva precedente'],
    ['[Inizio] [Fine]', 'prima e ultima diapositiva'],
    ['un numero, poi [Invio]', 'vai alla diapositiva con quel numero'],
    ['[F]', 'schermo intero (di nuovo [F] o [Esc] per uscire)'],
    ['[O]', 'panoramica di tutte le diapositive: frecce e [Invio] per sceglierne una, [Esc] per chiudere'],
    ['[P]', 'vista relatore in una seconda finestra: diapositiva attuale, successiva, note e tempo'],
    ['[H] [?]', 'questo aiuto'],
    ['clic o tocco', 'sul terzo destro della diapositiva avanti, sul terzo sinistro indietro; col dito si può anche scorrere'],
  ];

  function keysText(parent, text) {
    text.split(/(\[[^\]]+\])/).forEach(function (part) {
      if (/^\[.+\]$/.test(part)) parent.appendChild(el('kbd', '', part.slice(1, -1)));
      else if (part) parent.appendChild(document.createTextNode(part));
    });
    return parent;
  }

  function toggleHelp() {
    if (!help) {
      help = el('dialog', 'deck-help');
      help.setAttribute('aria-labelledby', 'deck-help-title');
      help.appendChild(el('h2', '', 'Comandi della presentazione')).id = 'deck-help-title';
      var dl = help.appendChild(el('dl'));
      KEYS.forEach(function (k) {
        dl.appendChild(keysText(el('dt'), k[0]));
        dl.appendChild(keysText(el('dd'), k[1]));
      });
      var close = help.appendChild(el('button', 'deck-help-close', 'Chiudi'));
      close.type = 'button';
      close.addEventListener('click', closeHelp);
      document.body.appendChild(help);
    }
    if (helpOpen()) closeHelp();
    else if (help.showModal) help.showModal();
    else help.setAttribute('open', '');
  }
  function helpOpen() {
    return !!help && help.hasAttribute('open');
  }
  function closeHelp() {
    if (help.close) help.close();
    else help.removeAttribute('open');
  }

  function toggleFullscreen() {
    var d = document,
      r = root.requestFullscreen || root.webkitRequestFullscreen;
    if (d.fullscreenElement || d.webkitFullscreenElement) (d.exitFullscreen || d.webkitExitFullscreen).call(d);
    else if (r) {
      var p = r.call(root);
      if (p?.catch)
        p.catch(function () {
          /* refused: stay windowed */
        });
    }
  }

  // --- input ----------------------------------------------------------------------------------

  function isField(t) {
    return !!t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function typeDigit(d) {
    digits = d === null ? '' : (digits + d).slice(-3);
    clearTimeout(digitsTimer);
    if (digits) {
      showCounter(`Vai a ${digits}…`);
      digitsTimer = setTimeout(function () {
        typeDigit(null);
      }, 3000);
    } else showCounter();
  }

  document.addEventListener('keydown', function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || isField(e.target)) return;
    var k = e.key,
      lower = k.length === 1 ? k.toLowerCase() : k;
    if (helpOpen()) {
      // the dialog handles Escape itself; everything else waits until it closes
      if (lower === 'h' || k === '?') {
        closeHelp();
        e.preventDefault();
      }
      return;
    }
    // Enter and Space on a button or link belong to it.
    if ((k === 'Enter' || k === ' ') && e.target.closest && e.target.closest('a[href], button, summary')) return;

    if (/^[0-9]$/.test(k)) typeDigit(k);
    else if (k === 'Backspace' && digits) {
      var left = digits.slice(0, -1);
      typeDigit(null);
      if (left) typeDigit(left);
    } else if (k === 'Enter' && digits) {
      var n = +digits - 1;
      typeDigit(null);
      if (overview) closeOverview(n);
      else go(n);
    } else if (k === 'Escape' && digits) typeDigit(null);
    else if (overview) {
      var o = overview.sel,
        c = overview.cols;
      if (k === 'ArrowRight') select(o + 1);
      else if (k === 'ArrowLeft') select(o - 1);
      else if (k === 'ArrowDown') select(o + c);
      else if (k === 'ArrowUp') select(o - c);
      else if (k === 'Home') select(0);
      else if (k === 'End') select(slides.length - 1);
      else if (k === 'Enter' || k === ' ') closeOverview(o);
      else if (k === 'Escape' || lower === 'o') closeOverview(null);
      else return;
    } else if (k === 'ArrowRight' || k === 'ArrowDown' || k === 'PageDown' || (k === ' ' && !e.shiftKey)) step(1);
    else if (k === 'ArrowLeft' || k === 'ArrowUp' || k === 'PageUp' || k === ' ') step(-1);
    else if (k === 'Home') go(0);
    else if (k === 'End') go(slides.length - 1);
    else if (lower === 'f') toggleFullscreen();
    else if (lower === 'o') openOverview();
    else if (lower === 'p' && !isPresenter) openPresenter();
    else if (lower === 'h' || k === '?') toggleHelp();
    else return;
    e.preventDefault();
  });

  deck.addEventListener('click', function (e) {
    if (overview) {
      var s = e.target.closest('.slide');
      if (s) closeOverview(slides.indexOf(s));
      return;
    }
    if (e.defaultPrevented || e.button !== 0 || e.target.closest('a, button, input, select, textarea, label, summary, audio, video')) return;
    if (String(window.getSelection ? window.getSelection() : '')) return; // selecting text is not a request to move
    var r = slides[index].getBoundingClientRect(),
      x = (e.clientX - r.left) / r.width;
    if (x > 2 / 3) step(1);
    else if (x < 1 / 3) step(-1);
  });

  // A horizontal swipe moves; a tap arrives as a click (above).
  var touch = null;
  deck.addEventListener(
    'touchstart',
    function (e) {
      touch = e.touches.length === 1 && !overview ? { x: e.touches[0].clientX, y: e.touches[0].clientY } : null;
    },
    { passive: true },
  );
  deck.addEventListener(
    'touchend',
    function (e) {
      if (!touch) return;
      var t = e.changedTouches[0],
        dx = t.clientX - touch.x,
        dy = t.clientY - touch.y;
      touch = null;
      if (Math.abs(dx) > 50 && Math.abs(dx) > 1.5 * Math.abs(dy)) step(dx < 0 ? 1 : -1);
    },
    { passive: true },
  );

  window.addEventListener('hashchange', function () {
    var k = indexFromHash();
    if (k >= 0) go(k, 'hash');
  });

  // --- start ----------------------------------------------------------------------------------

  if (isPresenter) buildPresenter();
  if (window.ResizeObserver) {
    var ro = new ResizeObserver(fit);
    ro.observe(deck);
    if (nextStage) ro.observe(nextStage);
  } else {
    window.addEventListener('resize', fit);
  }
  fit();
  go(Math.max(0, indexFromHash()), 'init');
  // Slides cross-fade only from now on: at load the others must vanish at once, not fade out.
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      root.classList.add('deck-ready');
    });
  });
})();
