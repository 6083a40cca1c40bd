'use strict';
(function () {
  var list = document.getElementById('sejours');
  var status = document.getElementById('catalogue-status');
  var template = document.getElementById('sejour-card');
  var maxPlaces = 10;

  function load() {
    return Booking.api('/api/sejours').then(function (result) {
      if (!result.ok) {
        status.textContent = 'Impossible de charger les séjours. ' + Booking.message(result.code);
        status.className = 'error';
        return;
      }
      maxPlaces = result.data.maxPlacesPerOrder || maxPlaces;
      var sejours = result.data.sejours || [];
      if (sejours.length === 0) {
        status.textContent = 'Aucun séjour n’est proposé pour le moment.';
        return;
      }
      status.hidden = true;
      // Sold-out séjours last; the server's order (by slug) otherwise.
      sejours = sejours.map(function (s, i) { return { s: s, i: i }; }).sort(function (a, b) {
        return ((a.s.placesLeft <= 0) - (b.s.placesLeft <= 0)) || (a.i - b.i);
      }).map(function (x) { return x.s; });
      sejours.forEach(function (sejour) {
        var card = list.querySelector('article[data-slug="' + CSS.escape(sejour.slug) + '"]');
        if (card) {
          update(card, sejour);
          list.appendChild(card); // keeps the order when a séjour sells out while the page is open
        } else {
          list.appendChild(render(sejour));
        }
      });
    });
  }

  function render(sejour) {
    var card = template.content.firstElementChild.cloneNode(true);
    card.dataset.slug = sejour.slug;
    var id = 'sejour-' + sejour.slug;
    card.querySelector('.title').textContent = sejour.title;
    card.querySelector('.title').id = id;
    card.setAttribute('aria-labelledby', id);
    card.querySelector('.price').textContent = Booking.money(sejour.pricePerPlace, sejour.currency) + ' / place';
    var form = card.querySelector('form');
    form.elements.nbPlaces.max = String(maxPlaces);
    form.setAttribute('aria-label', 'Réserver ' + sejour.title);
    form.addEventListener('input', function () { showTotal(card, sejour); });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submit(card, sejour);
    });
    update(card, sejour);
    showTotal(card, sejour);
    return card;
  }

  function update(card, sejour) {
    var places = card.querySelector('.places');
    places.textContent = Booking.placesText(sejour.placesLeft);
    places.className = 'places' + (sejour.placesLeft <= 0 ? ' full' : sejour.placesLeft <= 3 ? ' low' : '');
    var full = sejour.placesLeft <= 0;
    card.classList.toggle('full', full);
    showResume(card, sejour.slug);
    var form = card.querySelector('form');
    form.hidden = full;
    card.querySelector('.full-note').hidden = !full;
  }

  // A checkout of this browser still in progress for the séjour: offer to go back to its payment page, even
  // when the séjour shows full because of the buyer's own hold.
  function showResume(card, slug) {
    var pending = Booking.pendingCheckouts()[slug];
    var resume = card.querySelector('.resume');
    resume.hidden = !pending;
    if (!pending) return;
    card.querySelector('.resume-places').textContent = pending.nbPlaces === 1 ? '1 place' : pending.nbPlaces + ' places';
    card.querySelector('.resume-until').textContent = new Date(pending.expiresAt)
      .toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });
    card.querySelector('.resume-link').href = pending.url;
  }

  function showTotal(card, sejour) {
    var n = parseInt(card.querySelector('form').elements.nbPlaces.value, 10);
    card.querySelector('.total').textContent = n >= 1 && n <= maxPlaces
      ? 'Total : ' + Booking.money(sejour.pricePerPlace * n, sejour.currency) : '';
  }

  // A message about one field goes next to that field (and is announced); any other goes above the button.
  function showError(card, text, field, atField) {
    var error = card.querySelector('.error');
    var form = card.querySelector('form');
    clearErrors(card);
    var input = field && form.elements[field];
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
    if (input && atField) {
      var note = document.createElement('span');
      note.className = 'field-error';
      note.id = 'erreur-' + card.dataset.slug + '-' + field;
      note.setAttribute('role', 'alert');
      note.textContent = text;
      input.insertAdjacentElement('afterend', note);
      input.setAttribute('aria-describedby', note.id);
      return;
    }
    error.textContent = text;
    error.hidden = false;
  }

  function clearErrors(card) {
    var form = card.querySelector('form');
    card.querySelector('.error').hidden = true;
    form.querySelectorAll('.field-error').forEach(function (note) { note.remove(); });
    Array.prototype.forEach.call(form.elements, function (el) {
      el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-describedby');
    });
  }

  function validate(form) {
    var n = Number(form.elements.nbPlaces.value);
    if (!Number.isInteger(n) || n < 1 || n > maxPlaces) {
      return { field: 'nbPlaces', text: 'Le nombre de places doit être compris entre 1 et ' + maxPlaces + '.' };
    }
    var emailProblem = Booking.emailProblem(form.elements.email.value.trim());
    if (emailProblem) {
      return { field: 'email', text: emailProblem };
    }
    if (!form.elements.prenom.value.trim()) return { field: 'prenom', text: 'Indiquez votre prénom.' };
    if (!form.elements.nom.value.trim()) return { field: 'nom', text: 'Indiquez votre nom.' };
    return null;
  }

  function submit(card, sejour) {
    var form = card.querySelector('form');
    var button = form.querySelector('button');
    var invalid = validate(form);
    if (invalid) {
      showError(card, invalid.text, invalid.field, true);
      return;
    }
    clearErrors(card);
    button.disabled = true;
    button.textContent = 'Redirection vers le paiement…';
    Booking.postJson('/api/paiement/stripe-session', {
      slug: sejour.slug,
      nbPlaces: Number(form.elements.nbPlaces.value),
      email: form.elements.email.value.trim(),
      nom: form.elements.nom.value.trim(),
      prenom: form.elements.prenom.value.trim()
    }).then(function (result) {
      if (result.ok && result.data.url) {
        Booking.rememberCheckout(sejour.slug, { url: result.data.url, expiresAt: result.data.expiresAt,
          reservationId: result.data.reservationId, nbPlaces: Number(form.elements.nbPlaces.value) });
        // resumed: the buyer's own checkout for these places, still open: back to where they left off.
        button.textContent = result.data.resumed ? 'Reprise de votre paiement en cours…' : button.textContent;
        window.location.assign(result.data.url);
        return;
      }
      button.disabled = false;
      button.textContent = 'Réserver et payer';
      if (result.code === 'invalid_request') {
        var field = /^(nbPlaces|email|nom|prenom)/.exec(String(result.detail || ''));
        showError(card, Booking.invalidField(result.detail, maxPlaces), field && field[1], true);
      } else {
        showError(card, Booking.message(result.ok ? 'unexpected' : result.code),
          result.code === 'not_enough_places' ? 'nbPlaces' : null);
      }
      if (result.code === 'not_enough_places' || result.code === 'sejour_not_found') {
        load(); // show the places actually left
      }
    });
  }

  // Coming back with the browser's back button must not leave a button stuck on "Redirection…".
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      list.querySelectorAll('form button').forEach(function (b) {
        b.disabled = false;
        b.textContent = 'Réserver et payer';
      });
      load();
    }
  });

  load();
})();
