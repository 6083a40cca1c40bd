'use strict';
// The organiser's page: séjours with their counts, buyers, CSV download, refunds (with a confirmation step),
// places changed by delta. The token stays in this tab (sessionStorage) and travels in a header, never a cookie.
(function () {
  var API = '/api/admin';
  var STATUS = { en_attente: 'Paiement en cours', payee: 'Payée', expiree: 'Expirée', echouee: 'Refusée',
    remboursee: 'Remboursée' };
  // Stripe's dispute statuses, as the organiser reads them.
  var DISPUTE = { warning_needs_response: 'alerte, réponse attendue', warning_under_review: 'alerte, en examen',
    needs_response: 'réponse attendue', under_review: 'en examen', won: 'gagné', lost: 'perdu',
    warning_closed: 'alerte close', prevented: 'évité' };
  var ERRORS = {
    unauthorized: 'Jeton incorrect.',
    change_refused: 'Modification refusée : ',
    notification_failed: 'L’e-mail n’a pas pu être envoyé : ',
    invalid_request: 'Valeur invalide : '
  };
  var login = document.getElementById('login');
  var status = document.getElementById('admin-status');
  var list = document.getElementById('admin-sejours');
  var template = document.getElementById('admin-sejour');

  function token() {
    return sessionStorage.getItem('adminToken') || '';
  }

  function call(method, path, body) {
    var init = { method: method, headers: { Authorization: 'Bearer ' + token(), Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return Booking.api(API + path, init);
  }

  function explain(result) {
    var prefix = ERRORS[result.code];
    if (prefix && /: $/.test(prefix)) return prefix + (result.detail || '');
    return prefix || Booking.message(result.code);
  }

  function say(text, kind) {
    status.hidden = false;
    status.textContent = text;
    status.className = kind === 'error' ? 'error' : 'notice';
  }

  function load() {
    return call('GET', '/sejours').then(function (result) {
      if (!result.ok) {
        if (result.status === 401) {
          sessionStorage.removeItem('adminToken');
          login.hidden = false;
          var err = document.getElementById('login-error');
          err.hidden = false;
          err.textContent = explain(result);
          return;
        }
        say('Impossible de charger les séjours. ' + explain(result), 'error');
        return;
      }
      login.hidden = true;
      list.textContent = '';
      var sejours = result.data.sejours || [];
      if (sejours.length === 0) say('Aucun séjour.', 'notice');
      sejours.forEach(function (s) { list.appendChild(render(s)); });
    });
  }

  function render(s) {
    var card = template.content.firstElementChild.cloneNode(true);
    card.dataset.slug = s.slug;
    card.querySelector('.title').textContent = s.title;
    card.querySelector('.price').textContent = Booking.money(s.price, s.currency) + ' / place';
    fillCounts(card, s);
    card.querySelector('.places-form').addEventListener('submit', function (event) {
      event.preventDefault();
      changePlaces(card, s.slug);
    });
    card.querySelector('.csv').addEventListener('click', function () { downloadCsv(s.slug); });
    loadBuyers(card, s.slug);
    return card;
  }

  function fillCounts(card, s) {
    card.querySelector('.left').textContent = s.placesLeft;
    card.querySelector('.held').textContent = s.held;
    card.querySelector('.paid').textContent = s.paid;
    card.querySelector('.capacity').textContent = s.capacity;
    card.querySelector('.refunded').textContent = s.counts.remboursee.places;
  }

  function refreshCounts(card, slug) {
    return call('GET', '/sejours/' + encodeURIComponent(slug)).then(function (result) {
      if (result.ok) fillCounts(card, result.data);
    });
  }

  // Buyers come a page at a time (the admin API's stable paging: pass `next` as `after`), so a séjour with
  // thousands of reservations neither stalls the page nor hides the last ones. `?parPage=N` (1 to 500)
  // changes the page size.
  var PAGE_SIZE = (function () {
    var n = Number(new URLSearchParams(location.search).get('parPage'));
    return Number.isInteger(n) && n >= 1 && n <= 500 ? n : 50;
  })();

  function loadBuyers(card, slug) {
    card.querySelector('.buyers tbody').textContent = '';
    card.querySelector('.more-buyers').hidden = true;
    return loadBuyerPage(card, slug, null);
  }

  function loadBuyerPage(card, slug, after) {
    var path = '/sejours/' + encodeURIComponent(slug) + '/reservations?limit=' + PAGE_SIZE
      + (after ? '&after=' + encodeURIComponent(after) : '');
    return call('GET', path).then(function (result) {
      var body = card.querySelector('.buyers tbody');
      var more = card.querySelector('.more-buyers');
      if (!result.ok) {
        say(explain(result), 'error');
        return;
      }
      (result.data.reservations || []).forEach(function (r) { body.appendChild(row(card, slug, r)); });
      card.querySelector('.buyers-empty').hidden = body.children.length > 0;
      card.querySelector('.buyers').hidden = body.children.length === 0;
      var next = result.data.next;
      more.hidden = !next;
      more.onclick = next ? function () {
        more.disabled = true;
        loadBuyerPage(card, slug, next).then(function () { more.disabled = false; });
      } : null;
    });
  }

  function cell(tr, text) {
    var td = document.createElement('td');
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function row(card, slug, r) {
    var tr = document.createElement('tr');
    tr.dataset.reservation = r.reservationId;
    cell(tr, (r.acheteur.prenom + ' ' + r.acheteur.nom).trim());
    cell(tr, r.acheteur.email);
    cell(tr, r.nbPlaces);
    cell(tr, Booking.money(r.montant, r.devise));
    var statut = cell(tr, STATUS[r.statut] || r.statut);
    statut.className = 'statut';
    if (r.dispute) statut.appendChild(disputeBadge(r.dispute));
    cell(tr, new Date(r.createdAt).toLocaleString('fr-FR'));
    var actions = cell(tr, '');
    // A lost dispute already took the money back through the bank: Stripe refuses to refund it again.
    if (r.statut === 'payee' && !(r.dispute && r.dispute.status === 'lost')) {
      var refund = button('Rembourser', 'refund');
      refund.addEventListener('click', function () { confirmRefund(card, slug, r, actions); });
      actions.appendChild(refund);
    }
    if (r.statut === 'payee' || r.statut === 'remboursee') {
      var resend = button('Renvoyer l’e-mail', 'resend secondary');
      resend.addEventListener('click', function () {
        call('POST', '/reservations/' + encodeURIComponent(r.reservationId) + '/resend').then(function (result) {
          say(result.ok ? 'E-mail renvoyé à ' + r.acheteur.email + '.' : explain(result), result.ok ? 'ok' : 'error');
        });
      });
      actions.appendChild(resend);
    }
    return tr;
  }

  // A dispute does not change the reservation: the badge says it is there, open or with its outcome.
  function disputeBadge(d) {
    var badge = document.createElement('span');
    badge.className = 'badge dispute' + (d.closed ? ' closed ' + d.status : ' open');
    badge.textContent = (d.closed ? 'Litige clos : ' : 'Litige : ') + (DISPUTE[d.status] || d.status);
    badge.title = 'Litige Stripe ' + d.id + (d.reason ? ', motif ' + d.reason : '') + ', '
      + Booking.money(d.amount, d.currency) + ' contestés, ouvert le '
      + new Date(d.openedAt).toLocaleDateString('fr-FR') + '. Répondez-y dans le tableau de bord Stripe.';
    return badge;
  }

  function button(text, cls) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.className = cls;
    return b;
  }

  // The confirmation step: the row shows what will happen, and nothing is sent before "Confirmer".
  function confirmRefund(card, slug, r, actions) {
    actions.textContent = '';
    var question = document.createElement('p');
    question.className = 'confirm-question';
    question.textContent = 'Rembourser ' + Booking.money(r.montant, r.devise) + ' à ' + r.acheteur.email
      + ' et remettre ' + r.nbPlaces + ' place(s) en vente ?';
    var yes = button('Confirmer le remboursement', 'confirm-refund');
    var no = button('Annuler', 'cancel-refund secondary');
    no.addEventListener('click', function () { loadBuyers(card, slug); });
    yes.addEventListener('click', function () {
      yes.disabled = true;
      call('POST', '/reservations/' + encodeURIComponent(r.reservationId) + '/refund').then(function (result) {
        say(result.ok ? 'Réservation remboursée ; l’acheteur est prévenu par e-mail.' : explain(result),
          result.ok ? 'ok' : 'error');
        loadBuyers(card, slug);
        refreshCounts(card, slug);
      });
    });
    actions.appendChild(question);
    actions.appendChild(yes);
    actions.appendChild(no);
  }

  function changePlaces(card, slug) {
    var form = card.querySelector('.places-form');
    var error = card.querySelector('.places-error');
    var delta = Number(form.elements.delta.value);
    if (!Number.isInteger(delta) || delta === 0) {
      error.hidden = false;
      error.textContent = 'Indiquez un nombre entier, positif pour ajouter, négatif pour retirer.';
      return;
    }
    call('POST', '/sejours/' + encodeURIComponent(slug) + '/places', { delta: delta }).then(function (result) {
      if (!result.ok) {
        error.hidden = false;
        error.textContent = explain(result);
        return;
      }
      error.hidden = true;
      form.reset();
      fillCounts(card, result.data);
      say('Places modifiées : ' + result.data.placesLeft + ' place(s) restante(s).', 'ok');
    });
  }

  // A link cannot carry the Authorization header: fetch the file, then hand it to the browser.
  function downloadCsv(slug) {
    fetch(API + '/sejours/' + encodeURIComponent(slug) + '/reservations.csv',
      { headers: { Authorization: 'Bearer ' + token() } }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.blob();
    }).then(function (blob) {
      var link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = 'reservations-' + slug + '.csv';
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    }).catch(function () {
      say('Le téléchargement a échoué.', 'error');
    });
  }

  login.addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem('adminToken', document.getElementById('token').value);
    load();
  });
  if (token()) {
    login.hidden = true;
    load();
  }
}());
